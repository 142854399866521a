// A quarantine file that cannot be written (a full disk) used to lose the whole
// run: no report, no mail, no lock, despite critical findings. Now the run goes
// on and warns, naming the file.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-quarantine-full-'));
const csv = join(dir, 'Master.csv');
// 1001 reaches the trunk from the "default" context (always critical); then rows no cdr_csv writes.
writeFileSync(
  csv,
  [
    '"","1001","0049301234567","default","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","2026-01-05 10:00:00","2026-01-05 10:00:05","2026-01-05 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1767607200.1",""',
    ...Array.from({ length: 5 }, (_, i) => `"garbage",${i}`),
  ].join('\n') + '\n',
);
const NOW = '2026-01-06T12:00:00Z';

let smtp: TestSmtp;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

test('quarantine on a full disk: the nightly run still reports, mails and locks (dry run), and warns naming the file', async () => {
  const env = {
    TRUNKS: 'telco', CDR_CSV: csv, PBX_TIMEZONE: 'America/New_York', TOLLGUARD_STATE: join(dir, 'state.db'), LOCKOUT_MODE: 'dry-run',
    SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@example.com', ALERT_EMAIL_TO: 'pbx-admin@example.com',
  };
  const r = await runCli(['run', 'nightly', '--now', NOW, '--quarantine', '/dev/full'], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout);
  assert.equal(line.status, 'ok', r.stdout);
  assert.ok(line.critical >= 1, r.stdout);
  assert.match(line.warnings.join('\n'), /cannot write quarantine file \/dev\/full: ENOSPC.*5 bad row\(s\) were counted, 5 of them not recorded/);
  assert.match(r.stderr, /warning: cannot write quarantine file \/dev\/full/);
  assert.match(r.stderr, /1001/, 'the dry-run lockout is named');
  const mail = smtp.messages.find((m) => /1001/.test(m.raw));
  assert.ok(mail, 'the report was mailed');
});
