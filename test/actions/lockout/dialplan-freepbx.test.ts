// `tollguard dialplan --freepbx`: FreePBX's predial hook keyed by AMPUSER, which
// leaves emergency routes (EMERGENCYROUTE=YES) and emergency numbers alone; what it
// prints ran on Asterisk 22.7 with a FreePBX-shaped dial-out
// (test/fixtures/asterisk-22.7-freepbx-hook/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { emergencyFor, renderDialplan } from '../../../src/actions/lockout/dialplan.js';
import { loadConfig } from '../../../src/config/load.js';
import { runCli } from '../../helpers/cli.js';

const FIXTURE = new URL('../../fixtures/asterisk-22.7-freepbx-hook/', import.meta.url);
const code = (t: string) => t.split('\n').filter((l) => l.trim() && !l.startsWith(';')).join('\n');
const hook = (env: Record<string, string>, style?: 'macro') => {
  const config = loadConfig({ env });
  return code(renderDialplan('freepbx', { family: config.lockout.family, emergency: emergencyFor(config.pbx), ...(style ? { freepbxStyle: style } : {}) }));
};

test('the CLI prints the hook that ran on Asterisk 22.7', async () => {
  const r = await runCli(['dialplan', '--freepbx'], { env: { HOME_COUNTRY: 'US' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(code(r.stdout), code(readFileSync(new URL('lab-etc/extensions_custom.conf', FIXTURE), 'utf8')));
  assert.match(r.stdout, /extensions_custom\.conf/);
  assert.match(r.stdout, /EMERGENCYROUTE=YES/);
});

test('emergency routes and numbers pass before the lock check, keyed by AMPUSER', () => {
  const lines = hook({ HOME_COUNTRY: 'GB', TRUNK_ACCESS_CODES: '9' }).split('\n');
  assert.equal(lines[0], '[macro-dialout-trunk-predial-hook]');
  assert.equal(lines[1], 'exten => s,1,GotoIf($["${EMERGENCYROUTE}" = "YES"]?allow)');
  assert.equal(lines[2], ' same => n,GotoIf($["${DIAL_NUMBER}" = "112" | "${DIAL_NUMBER}" = "999" | "${DIAL_NUMBER}" = "9112" | "${DIAL_NUMBER}" = "9999"]?allow)');
  assert.equal(lines[3], ' same => n,GotoIf(${DB_EXISTS(tollguard/lock/${AMPUSER})}?tollguard-locked,${DIAL_NUMBER},1)');
  assert.equal(lines[4], ' same => n(allow),Return()');
  assert.ok(lines.includes(' same => n,Set(CDR(userfield)=tollguard-locked:${EXTEN})'));
  const macro = hook({}, 'macro');
  assert.match(macro, /n\(allow\),MacroExit\(\)/);
  assert.doesNotMatch(macro, /Return\(\)/);
});

test('the capture: 911 and 933 went out from the locked phone, its other calls were refused, 1002 went out', () => {
  const rows = readFileSync(new URL('Master.csv', FIXTURE), 'utf8').trim().split('\n').map((l) => l.split('","'));
  const own = (ext: string) => rows.filter((r) => r[5]!.startsWith(`IAX2/${ext}-`));
  const byNumber = new Map(own('1001').map((r) => [r[2], r]));
  for (const n of ['911', '933']) {
    assert.equal(byNumber.get(n)![7], 'Dial', n);
    assert.match(byNumber.get(n)![8]!, new RegExp(`^IAX2/carrier/${n},30`));
    assert.match(byNumber.get(n)!.join(','), /ANSWERED/);
  }
  for (const n of ['011882123456782', '2125550103']) {
    const r = byNumber.get(n)!;
    assert.equal(r[7], 'Congestion', n);
    assert.equal(r[3], 'from-internal', 'the Gosub keeps the record in from-internal');
    assert.equal(r.at(-1), `tollguard-locked:${n}"`);
  }
  assert.deepEqual(own('1002').map((r) => r[7]), ['Dial', 'Dial']);
});

test("the report counts the hook's refusals as blocked attempts, not as outbound calls", async () => {
  const r = await runCli(['report', '--csv', new URL('Master.csv', FIXTURE).pathname, '--from', '2026-11-27', '--to', '2026-11-27', '--format', 'json', '--no-store'], { env: { HOME_COUNTRY: 'US', TRUNKS: 'carrier' } });
  assert.equal(r.status, 0, r.stderr);
  const profiles = JSON.parse(r.stdout).profiles as { extension: string; outboundCalls: number; blockedAttempts: number }[];
  const p = (ext: string) => profiles.find((x) => x.extension === ext)!;
  assert.deepEqual([p('1001').outboundCalls, p('1001').blockedAttempts], [2, 2]);
  assert.deepEqual([p('1002').outboundCalls, p('1002').blockedAttempts], [2, 0]);
});
