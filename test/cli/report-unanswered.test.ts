// `tollguard report` on the real Asterisk 22.7 capture written with unanswered=yes
// (test/fixtures/asterisk-22.7-unanswered): a busy or unanswered trunk call is
// written twice (the Dial record, then a Hangup record of the same uniqueid) and
// is still one attempt.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const MASTER = fileURLToPath(new URL('../fixtures/asterisk-22.7-unanswered/Master.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollguard-unanswered-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db') };

test('each call dialled is one outbound call, and failed counts are not doubled', async () => {
  const out = join(dir, 'report.json');
  const r = await runCli(['report', '--csv', MASTER, '--from', '2026-11-27', '--to', '2026-11-27', '--format', 'json', '--out', out], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const byExt = Object.fromEntries(report.profiles.map((p: { extension: string }) => [p.extension, p]));
  // 1003 dialled 13 numbers, one of them busy (written twice); 1006 dialled 5, one busy and one unanswered (each written twice).
  assert.equal(byExt['1003'].outboundCalls, 13);
  assert.equal(byExt['1003'].failedCalls, 1);
  assert.equal(byExt['1006'].outboundCalls, 5);
  assert.equal(byExt['1006'].failedCalls, 2);
  assert.equal(byExt['1004'].outboundCalls, 3);
  assert.equal(byExt['1004'].failedCalls, 3);
  const s = report.summary;
  assert.equal(s.rowsRead, 147);
  assert.equal(s.rowsMerged, 7, 'the seven uniqueids written twice');
  assert.equal(s.rowsRead, s.rowsUsed + s.rowsQuarantined + s.rowsOutsideWindow + s.rowsMerged);
  assert.equal(s.outboundCalls, 46);
  assert.equal(s.blockedCalls, 3, 'the locked attempts are still counted');
});

test('the text report says how many second records were merged', async () => {
  const r = await runCli(['report', '--csv', MASTER, '--from', '2026-11-27', '--to', '2026-11-27'], { env, cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.match(r.stdout, /read 147 = used 140 \+ quarantined 0 \+ outside window 0 \+ second records of a call 7/);
});
