// Control characters in CDRs (a caller ID or an endpoint name with ESC
// sequences, BEL, BS, C1 controls, CR/LF, a bidi override) never reach the
// terminal: not in the CSV on standard output, not in lockout decisions or
// warnings on standard error.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-hostile-text-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db'), LOCKOUT_MODE: 'dry-run' };
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];
/** What steers a terminal; LF and CR are checked apart (a quoted CSV field may hold a line break). */
const STEERING = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function row(endpoint: string, name: string, n: number): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    '', '1009', `01188212345${60 + n}`, 'outbound', `"${name}" <1009>`, `PJSIP/${endpoint}-0000500${n}`, `IAX2/127.0.0.1:4569-90${n}`, 'Dial',
    `IAX2/carrier:carrierpw@127.0.0.1/01188212345${60 + n},30`, '2026-11-26 07:00:00', '2026-11-26 07:00:01', '2026-11-26 07:03:01', '181', '180', 'ANSWERED', 'DOCUMENTATION', `1795676400.${n}`, '',
  ].map((v, i) => (i === 12 || i === 13 ? v : q(v))).join(',');
}

test('hostile CDR text: the CSV on standard output and the lockout lines on standard error are clean', async () => {
  const csv = join(dir, 'Master.csv');
  const rows = [row('1009\x1b[2J\x1b[H', 'Mal\x1b]0;pwned\x07lory\r\nX', 0), row('1010\u202Egnp', 'Eve\x08\x08\u009b31m', 1), 'bad\x1b[31m,row\u009b'];
  writeFileSync(csv, readFileSync(fixture('Master.csv'), 'utf8') + rows.join('\n') + '\n');
  const r = await runCli(['report', '--csv', csv, ...window, '--format', 'csv', '--lockout', '--now', '2026-11-26T12:00:00Z'], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Mal\uFFFD\]0;pwned\uFFFDlory/, 'the caller ID is there, its controls made visible');
  assert.doesNotMatch(r.stdout, STEERING);
  assert.match(r.stderr, /lockout .*1009 \[2J \[H/, 'the lockout decision names the extension, cleaned');
  assert.match(r.stderr, /lockout .*1010 gnp/);
  assert.doesNotMatch(r.stderr, STEERING);
  assert.doesNotMatch(r.stderr, /\r/);
});

test('a CR in a caller ID never reaches the terminal: alone it becomes U+FFFD, before LF it leaves an LF in the quoted field', async () => {
  const csv = join(dir, 'Master-cr.csv');
  writeFileSync(csv, readFileSync(fixture('Master.csv'), 'utf8') + [row('1009', 'Line1\rSPOOFED', 0), row('1009', 'Two\r\nLines', 1)].join('\n') + '\n');
  const r = await runCli(['report', '--csv', csv, ...window, '--format', 'csv', '--now', '2026-11-26T12:00:00Z'], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\r(?!\n)/, 'no lone CR');
  const rows = parse(r.stdout) as string[][];
  const clid = rows[0]!.indexOf('clid');
  const clids = rows.slice(1).map((c) => c[clid]);
  assert.ok(clids.includes('"Line1\uFFFDSPOOFED" <1009>'), JSON.stringify(clids));
  assert.ok(clids.includes('"Two\nLines" <1009>'), 'CR LF inside the field is LF, still one quoted field');
  assert.ok(clids.every((c) => !c?.includes('\r')));
});
