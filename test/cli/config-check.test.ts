// `tollguard config check` refuses a setup that cannot work and says what a
// working one still lacks, instead of printing it back and exiting 0.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { editDistance, strayNames } from '../../src/config/env-names.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-config-check-'));
const base = { TOLLGUARD_STATE: join(dir, 'state.db'), CDR_CSV: join(dir, 'Master.csv') };
writeFileSync(base.CDR_CSV, '');
const check = (env: Record<string, string>) => runCli(['config', 'check'], { env: { ...base, ...env }, cwd: dir });

test('a six-field cron expression is refused, explaining how node-cron would read it', async () => {
  const r = await check({ NIGHTLY_SCHEDULE: '15 6 * * * *' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /schedule\.nightly\.cron: has six fields; node-cron would read them as second 15, minute 6, hour \*/);
  assert.match(r.stderr, /NIGHTLY_SCHEDULE="15 6 \* \* \* \*"/);
});

test('a port over 65535 is refused in a URL too, without printing its password', async () => {
  for (const [name, url] of [['SMTP_URL', 'smtp://tg:s3cret@mail.example.com:99999'], ['DATABASE_URL', 'postgres://tg:s3cret@db.example.com:99999/tollguard']] as const) {
    const r = await check({ [name]: url });
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /port 99999 is out of range \(1-65535\)/);
    assert.doesNotMatch(r.stderr, /s3cret/);
  }
  const port = await check({ AMI_PORT: '99999' });
  assert.equal(port.status, 2);
});

test('misspelt and unknown TOLLGUARD_ variables in the environment are refused with the closest name', async () => {
  const r = await check({ SMPT_URL: 'smtp://mail.example.com', TOLLGUARD_STAT: join(dir, 'x.db'), PBX_TIMZONE: 'UTC' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /SMPT_URL in the environment: tollguard reads no such variable; did you mean SMTP_URL\?/);
  assert.match(r.stderr, /TOLLGUARD_STAT in the environment: .*did you mean TOLLGUARD_STATE\?/);
  assert.match(r.stderr, /PBX_TIMZONE in the environment: .*did you mean PBX_TIMEZONE\?/);
  // A name that only shares a first word is a note, listing the real ones.
  const note = await check({ AMI_PASSWORD: 'x' });
  assert.equal(note.status, 0, note.stderr);
  assert.match(note.stderr, /note: AMI_PASSWORD in the environment: tollguard reads no such variable \(similar: .*AMI_SECRET/);
});

test('common environment variables are never taken for typos', () => {
  const common = 'PATH HOME USER SHELL TERM LANG LANGUAGE PWD OLDPWD LOGNAME HOSTNAME MAIL MAILTO EDITOR PAGER DISPLAY XDG_RUNTIME_DIR XDG_DATA_HOME SSH_AUTH_SOCK NODE_ENV NODE_OPTIONS INVOCATION_ID JOURNAL_STREAM STATE_DIRECTORY LOGS_DIRECTORY RUNTIME_DIRECTORY CREDENTIALS_DIRECTORY NOTIFY_SOCKET PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE HTTP_PROXY HTTPS_PROXY NO_PROXY TMPDIR COLUMNS SHLVL CRON_TZ DATABASE_HOST REDIS_URL'.split(' ');
  assert.deepEqual(strayNames(common), []);
  assert.equal(editDistance('SMPT_URL', 'SMTP_URL'), 1);
});

test('a CDR glob that matches nothing, no mail and no AMI are noted; the next runs are shown', async () => {
  const r = await check({ CDR_CSV: join(dir, 'nowhere', 'Master.csv*') });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /note: CDR_CSV .*nowhere\/Master\.csv\* matches no file/);
  assert.match(r.stderr, /note: email is not configured: findings are mailed to nobody \(set SMTP_URL/);
  assert.match(r.stderr, /note: LOCKOUT_MODE is off: nobody is locked out automatically, and AMI is not configured/);
  assert.match(r.stderr, /note: sweep \("\*\/10 \* \* \* \*", UTC\) runs next at \S+, then \S+/);
});

test('what cannot work is refused: enforce without AMI credentials, an unknown lockout rule, a log file below a file', async () => {
  const r = await check({ LOCKOUT_MODE: 'enforce', LOCKOUT_RULES: 'premium-rate,intl-spikes', TOLLGUARD_LOG_FILE: join(base.CDR_CSV, 'tollguard.log') });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /lockout\.rules\.1: no such rule "intl-spikes"/);
  // The AMI and path checks run once the configuration loads.
  const ami = await check({ LOCKOUT_MODE: 'enforce', TOLLGUARD_LOG_FILE: join(base.CDR_CSV, 'tollguard.log') });
  assert.equal(ami.status, 2, ami.stderr);
  assert.match(ami.stderr, /LOCKOUT_MODE=enforce needs AMI_USERNAME and AMI_SECRET/);
  assert.match(ami.stderr, /TOLLGUARD_LOG_FILE .*Master\.csv\/tollguard\.log: .*Master\.csv is not a folder/);
});

test('values that cannot parse are refused with where they came from', async () => {
  for (const [name, value, says] of [
    ['LOOKBACK_DAYS', 'four weeks', /LOOKBACK_DAYS: "four weeks" is not a whole number/],
    ['EMAIL_ALL_CLEAR', 'maybe', /EMAIL_ALL_CLEAR: "maybe" is not yes\/no/],
    ['SWEEP_SCHEDULE', '*/0 * * * *', /schedule\.sweep\.cron: a cron expression of five fields/],
  ] as const) {
    const r = await check({ [name]: value });
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, says);
  }
});
