// Issue 11 item 7: a locked extension's refused calls keep the number dialled
// (the printed dialplan jumps to ${EXTEN} in tollguard-locked), and reports show
// where they went. The capture is real: test/fixtures/asterisk-22.7-lock/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { visibleText } from '../helpers/report.js';

const CAPTURE = fileURLToPath(new URL('../fixtures/asterisk-22.7-lock/Master.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollguard-blocked-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const report = (csv: string, format: string) =>
  runCli(['report', '--csv', csv, '--from', '2026-11-27', '--to', '2026-11-27', '--no-store', '--format', format, '--now', '2026-11-28T00:00:00Z'], { env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US' }, cwd: dir });

test('the blocked attempts of the capture, with the numbers they dialled, in JSON, text and HTML', async () => {
  const json = await report(CAPTURE, 'json');
  assert.equal(json.status, 0, json.stderr);
  const s = (JSON.parse(json.stdout) as { summary: { blockedCalls: number; blockedAttempts: unknown[] } }).summary;
  assert.equal(s.blockedCalls, 2);
  assert.deepEqual(s.blockedAttempts, [
    { extension: '1001', time: '2026-11-27T07:54:31Z', dialled: '011882123456782' },
    { extension: '1001', time: '2026-11-27T07:54:33Z', dialled: '2125550103' },
  ]);
  const text = await report(CAPTURE, 'text');
  assert.match(text.stdout, /blocked attempts \(locked extensions, refused by the lockout dialplan\):\n {4}2026-11-27 07:54:31 {2}1001 {2}dialled 011882123456782\n {4}2026-11-27 07:54:33 {2}1001 {2}dialled 2125550103\n/);
  const html = await report(CAPTURE, 'html');
  assert.match(visibleText(html.stdout), /blocked by the lock: 1001 dialled 011882123456782 at 2026-11-27 07:54:31; 1001 dialled 2125550103 at 2026-11-27 07:54:33/);
});

test('a hostile number in a blocked attempt is escaped', async () => {
  const row = readFileSync(CAPTURE, 'utf8').split('\n').find((l) => l.includes('"tollguard-locked"'))!;
  const file = join(dir, 'hostile.csv');
  writeFileSync(file, `${row.replace(/"011882123456782"/g, '"<img src=x onerror=alert(1)>\x1b[2J"')}\n`);
  const html = await report(file, 'html');
  assert.equal(html.status, 0, html.stderr);
  assert.ok(!html.stdout.includes('<img src=x'));
  assert.match(html.stdout, /dialled &lt;img src=x onerror=alert\(1\)&gt;/);
  const text = await report(file, 'text');
  assert.ok(!text.stdout.includes('\x1b'));
});
