// Issue 11 item 11: a dry run (LOCKOUT_MODE=dry-run) is never silent. The run's
// log line names what it would have locked (and counts no lockout), the mail's
// incident card says so, and `status` lists it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { runCli } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-dry-run-'));
const csv = join(dir, 'Master.csv');
let smtp: TestSmtp;
before(async () => {
  writeFileSync(csv, `${[...generateDemoCsv({ endDay: '2026-11-25', days: 35, extensions: 25, seed: 7 })].join('\n')}\n`);
  smtp = await startSmtp();
});
after(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the nightly dry run names 1007 in its log line, its mail and status, and locks nobody', async () => {
  const env = {
    TOLLGUARD_STATE: join(dir, 'state.db'), PBX_TIMEZONE: 'America/New_York', TRUNKS: DEMO_TRUNK, CDR_CSV: csv,
    LOCKOUT_MODE: 'dry-run', AMI_HOST: '127.0.0.1', AMI_PORT: '9',
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@pbx.example', ALERT_EMAIL_TO: 'admin@example.com',
  };
  const r = await runCli(['run', 'nightly', '--now', '2026-11-26T07:00:00-05:00'], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const log = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { lockouts: number; lockoutsFailed: number; wouldLock?: string[] };
  assert.equal(log.lockouts, 0, 'a dry run locks nobody');
  assert.equal(log.lockoutsFailed, 0);
  assert.ok(log.wouldLock?.includes('1007'), JSON.stringify(log));

  const [mail] = await smtp.waitFor(1);
  const text = mail!.parsed.text ?? '';
  assert.match(text, /Dry run \(LOCKOUT_MODE=dry-run\): tollguard would have locked extension 1007 now and did not\./);
  assert.match(String(mail!.parsed.html), /Dry run \(LOCKOUT_MODE=dry-run\): tollguard would have locked extension 1007/);

  const status = await runCli(['status'], { env, cwd: dir });
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, /^Dry run \(LOCKOUT_MODE=dry-run\): would have locked [^\n]*1007 \(2026-11-26T07:00:00-05:00, nightly: rule [^)]+\)[^\n]*; nobody was locked$/m);
  assert.match(status.stdout, /^Current lockouts: none$/m);
  const json = JSON.parse((await runCli(['status', '--format', 'json'], { env, cwd: dir })).stdout) as { lockouts: { wouldLock: { extension: string }[] } };
  assert.ok(json.lockouts.wouldLock.some((w) => w.extension === '1007'));
});
