// What a scheduled job tells the admin, through the command line: a run whose
// critical findings reached nobody (no mail settings) says so and exits 1; the
// JSON log line names the extensions and rules; `status` says what the last
// run found and when a job is running now; `history` speaks the PBX's time.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { acquireLock, lockPath } from '../../jobs/lock.js';
import { loadConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-job-outcome-'));
const csv = join(dir, 'Master.csv');
// 1001 reaches the trunk from the "default" context (always critical); 1002 calls Cuba at 3 a.m.
writeFileSync(
  csv,
  [
    '"","1001","0049301234567","default","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","2026-01-05 10:00:00","2026-01-05 10:00:05","2026-01-05 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1767607200.1",""',
    '"","1002","00536123456","from-internal","""Bob"" <1002>","PJSIP/1002-00000003","PJSIP/telco-00000004","Dial","PJSIP/00536123456@telco,60","2026-01-05 03:00:00","2026-01-05 03:00:05","2026-01-05 03:11:05",665,660,"ANSWERED","DOCUMENTATION","1767582000.3",""',
  ].join('\n') + '\n',
);
const base = { TRUNKS: 'telco', CDR_CSV: csv, PBX_TIMEZONE: 'America/New_York' };
const stateEnv = (name: string) => ({ ...base, TOLLGUARD_STATE: join(dir, name) });
const SWEEP_NOW = '2026-01-05T17:00:00Z';
const NIGHTLY_NOW = '2026-01-06T12:00:00Z';

let smtp: TestSmtp;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

test('without mail settings, a sweep and a nightly run with critical findings exit 1 and say nobody was told', async () => {
  const env = stateEnv('nomail.db');
  for (const [job, now] of [['sweep', SWEEP_NOW], ['nightly', NIGHTLY_NOW]] as const) {
    const r = await runCli(['run', job, '--now', now], { env, cwd: dir });
    assert.equal(r.status, 1, `${job}: ${r.stderr}`);
    const line = JSON.parse(r.stdout);
    assert.ok(line.critical >= 2, `${job}: ${r.stdout}`);
    assert.equal(line.undelivered, line.critical);
    assert.match(line.warnings.join('\n'), /email is not configured.*critical finding.*nobody/);
    assert.match(r.stderr, /critical findings? mailed to nobody/);
    // The log line names who and which rules, so a log search finds the extension.
    const e1001 = line.flagged.find((f: { extension: string }) => f.extension === '1001');
    assert.equal(e1001.severity, 'critical');
    assert.ok(e1001.rules.includes('suspicious-context'), JSON.stringify(e1001));
    assert.equal(e1001.day, '2026-01-05');
    assert.ok(line.flagged.some((f: { extension: string }) => f.extension === '1002'));
  }
});

test('with mail settings the same runs exit 0: the findings were mailed', async () => {
  const env = { ...stateEnv('mail.db'), SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@example.com', ALERT_EMAIL_TO: 'pbx-admin@example.com' };
  const sweep = await runCli(['run', 'sweep', '--now', SWEEP_NOW], { env, cwd: dir });
  assert.equal(sweep.status, 0, sweep.stderr);
  const line = JSON.parse(sweep.stdout);
  assert.equal(line.undelivered, 0);
  assert.ok(line.alerts >= 1);
  assert.deepEqual(line.warnings, []);
  const nightly = await runCli(['run', 'nightly', '--now', NIGHTLY_NOW], { env, cwd: dir });
  assert.equal(nightly.status, 0, nightly.stderr);
});

test('status says what the last run found, in the PBX zone, and "running now" while a job runs', async () => {
  const env = stateEnv('nomail.db');
  const s = await runCli(['status'], { env, cwd: dir });
  assert.equal(s.status, 0, s.stderr);
  const sweepLine = s.stdout.split('\n').find((l) => /^\s+sweep\s+last:/.test(l))!;
  assert.doesNotMatch(sweepLine, /last: ok/, sweepLine);
  assert.match(sweepLine, /last: \d+ critical/);
  assert.match(sweepLine, /T\d\d:\d\d:\d\d(\.\d+)?-05:00/);
  assert.match(s.stdout, /Email: not configured/);

  // A job holding its lock (as a running `run sweep` does) shows as running.
  const config = loadConfig({ env });
  const release = acquireLock(lockPath(config, 'sweep'));
  try {
    const during = await runCli(['status', '--format', 'json'], { env, cwd: dir });
    const json = JSON.parse(during.stdout);
    assert.equal(json.jobs.find((j: { job: string }) => j.job === 'sweep').running.pid, process.pid);
    assert.equal(json.jobs.find((j: { job: string }) => j.job === 'nightly').running, null);
    const text = await runCli(['status'], { env, cwd: dir });
    assert.match(text.stdout, /sweep\s+running now \(pid \d+/);
  } finally {
    release();
  }
});

test('history shows times in the PBX zone, like status', async () => {
  const h = await runCli(['history'], { env: stateEnv('nomail.db'), cwd: dir });
  assert.equal(h.status, 0, h.stderr);
  const lines = h.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.match(l, /\s\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-05:00\s/, l);
});
