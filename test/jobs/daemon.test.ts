// `tollguard daemon`: as a child process it warns when no mail can reach
// anyone, records its schedule for `status`, refuses a second daemon on the same
// state store (exit 2), and exits cleanly (status 0) on SIGTERM; in process, on a
// seconds schedule (node-cron's, which the configuration refuses but runDaemon
// takes as given), it logs one JSON line per run naming who was flagged.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runDaemon } from '../../jobs/daemon.js';
import { loadConfig } from '../../src/config/load.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_TRUNK } from './helpers.js';

const TSX = import.meta.resolve('tsx');
const ENTRY = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollguard-daemon-'));
const csv = join(dir, 'Master.csv');
writeFileSync(csv, '"","1001","0049301234567","from-internal","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","2026-01-05 10:00:00","2026-01-05 10:00:05","2026-01-05 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1767607200.1",""\n');
const env = {
  PBX_TIMEZONE: 'UTC', TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db'),
  SWEEP_SCHEDULE: '*/7 * * * *', NIGHTLY_ENABLED: 'no', TOLLGUARD_LOG_FILE: join(dir, 'tollguard.log'),
};

function startDaemon(): { child: ChildProcess; lines: Record<string, unknown>[]; waitFor: (pred: (l: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, 'daemon'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const l = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      lines.push(l);
      for (const w of [...waiters]) if (w.pred(l)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(l));
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (pred: (l: Record<string, unknown>) => boolean) => {
    const found = lines.find(pred);
    return found ? Promise.resolve(found) : new Promise<Record<string, unknown>>((resolve) => waiters.push({ pred, resolve }));
  };
  return { child, lines, waitFor, exit, stderr: () => err };
}

test('the daemon warns without mail, shows its schedule in status, allows no second daemon and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
  const d = startDaemon();
  try {
    const started = await d.waitFor((l) => l.event === 'daemon-started');
    assert.deepEqual((started.jobs as { job: string; cron: string }[]).map((j) => [j.job, j.cron]), [['sweep', '*/7 * * * *']]);
    assert.match((started.warnings as string[]).join('\n'), /email is not configured: findings are mailed to nobody \(set SMTP_URL/);
    assert.match(d.stderr(), /warning: email is not configured/);

    // Status from a shell whose configuration differs shows what the daemon runs.
    const { SWEEP_SCHEDULE: _, ...shell } = env;
    const status = await runCli(['status'], { env: shell });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /Daemon: running, pid \d+/);
    assert.match(status.stdout, /next: \S+ \(\*\/7 \* \* \* \*, the daemon's schedule; this configuration says \*\/10 \* \* \* \*\)/);

    const second = await runCli(['daemon'], { env });
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, /a daemon already runs on sqlite:.*daemon\.lock is held by pid \d+/);
  } finally {
    d.child.kill('SIGTERM');
  }
  assert.equal(await d.exit, 0, d.stderr());
  const stopped = d.lines.at(-1)!;
  assert.equal(stopped.event, 'daemon-stopped');
  assert.equal(stopped.signal, 'SIGTERM');
  assert.match(readFileSync(env.TOLLGUARD_LOG_FILE, 'utf8'), /"event":"daemon-started".*\n.*"event":"daemon-stopped"/);

  // The lock went with the daemon: status falls back to this configuration's schedule.
  const status = await runCli(['status', '--format', 'json'], { env });
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.equal(s.daemon, null);
  const next = s.next.find((n: { job: string }) => n.job === 'sweep');
  assert.equal(next.schedule, 'configuration');
  assert.ok(next.next);
});

test('each scheduled run logs one line with its findings, flagged extensions and rules, and the mail warning', { timeout: 60_000 }, async () => {
  // A call from the "default" context to the trunk, ended a few minutes ago: critical today.
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const now = Date.now();
  const today = join(dir, 'today.csv');
  writeFileSync(today, `"","1005","0049301234567","default","""Eve"" <1005>","PJSIP/1005-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","${stamp(now - 300_000)}","${stamp(now - 295_000)}","${stamp(now - 235_000)}",65,60,"ANSWERED","DOCUMENTATION","${Math.floor(now / 1000) - 300}.1",""\n`);
  const config = loadConfig({ env: { ...env, CDR_CSV: today, TOLLGUARD_STATE: join(dir, 'inproc.db'), TOLLGUARD_LOG_FILE: '' } });
  config.schedule.sweep.cron = '* * * * * *'; // every second keeps the test short
  const store = await openStore(config.store);
  const lines: Record<string, unknown>[] = [];
  let stop!: (s: string) => void;
  let firstRun!: () => void;
  const ran = new Promise<void>((r) => (firstRun = r));
  const daemon = runDaemon({
    config, store, quarantinePath: join(dir, 'q.jsonl'),
    stopSignal: new Promise((r) => (stop = r)),
    log: (l) => {
      lines.push(l);
      if (l.job === 'sweep') firstRun();
    },
  });
  try {
    await ran;
  } finally {
    stop('test');
    await daemon;
    await store.close();
  }
  const run = lines.find((l) => l.job === 'sweep')!;
  assert.equal(run.status, 'ok', JSON.stringify(run));
  for (const key of ['time', 'runId', 'durationMs', 'rowsRead', 'findings', 'alerts', 'lockouts', 'error']) assert.ok(key in run, `log line has ${key}`);
  assert.ok((run.critical as number) >= 1);
  assert.equal(run.undelivered, run.critical);
  assert.match((run.warnings as string[]).join('\n'), /email is not configured: \d+ critical findings? mailed to nobody/);
  const flagged = run.flagged as { extension: string; severity: string; rules: string[] }[];
  assert.equal(flagged[0]!.extension, '1005');
  assert.equal(flagged[0]!.severity, 'critical');
  assert.ok(flagged[0]!.rules.includes('suspicious-context'));
  assert.equal(lines.at(-1)!.event, 'daemon-stopped');
});
