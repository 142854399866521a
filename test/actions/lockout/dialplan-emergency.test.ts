// Nothing tollguard prints may block an emergency call: the dialplan matches the
// emergency numbers before the lock check, by HOME_COUNTRY or EMERGENCY_NUMBERS.
// What it prints was run on Asterisk 22.7 (test/fixtures/asterisk-22.7-lock/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { emergencyFor, renderDialplan } from '../../../src/actions/lockout/dialplan.js';
import { ConfigError, loadConfig } from '../../../src/config/load.js';
import { runCli } from '../../helpers/cli.js';

const FIXTURE = new URL('../../fixtures/asterisk-22.7-lock/', import.meta.url);

/** The [from-internal] lines as printed, in order. */
function fromInternal(text: string): string[] {
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith(';'));
  const start = lines.indexOf('[from-internal]');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('['));
  return lines.slice(start + 1, end);
}

const print = (env: Record<string, string>): string => {
  const config = loadConfig({ env });
  return renderDialplan('asterisk', { family: config.lockout.family, emergency: emergencyFor(config.pbx) });
};

/** The emergency numbers the [from-internal] lines send straight to the trunk route, before the check. */
function emergencyLines(text: string): string[] {
  const lines = fromInternal(text);
  const check = lines.findIndex((l) => l.includes('DB_EXISTS'));
  assert.ok(check > 0, 'the lock check is there');
  const before = lines.slice(0, check - 1);
  for (const l of before) assert.match(l, /^exten => \d+,1,Goto\(outbound,\$\{EXTEN\},1\)$/);
  assert.equal(lines[check - 1], 'exten => _X.,1,Set(TG_EXT=${CUT(CUT(CHANNEL,-,1),/,2)})');
  return before.map((l) => /^exten => (\d+),/.exec(l)![1]!);
}

test('the CLI prints the dialplan verified on Asterisk 22.7: 911 and 933 before the check (NANP default)', async () => {
  const readme = readFileSync(new URL('README.md', FIXTURE), 'utf8');
  const verified = /## The dialplan that was verified\n```\n([\s\S]*?)```/.exec(readme)![1]!;
  const r = await runCli(['dialplan'], { env: { HOME_COUNTRY: 'US' } });
  assert.equal(r.status, 0, r.stderr);
  const code = (t: string) => t.split('\n').filter((l) => l.trim() && !l.startsWith(';')).join('\n');
  assert.equal(code(r.stdout), code(verified));
  assert.deepEqual(emergencyLines(r.stdout), ['911', '933']);
  assert.match(r.stdout, /Emergency numbers \(911 933: the default for HOME_COUNTRY US/);
  assert.match(r.stdout, /unanswered=yes/);
});

test('the capture: the locked phone reached 911 through the trunk, its other calls were refused with the number kept', () => {
  const rows = readFileSync(new URL('Master.csv', FIXTURE), 'utf8').trim().split('\n').map((l) => l.split('","'));
  const own = (ext: string) => rows.filter((r) => r[5]!.startsWith(`IAX2/${ext}-`));
  const locked = own('1001');
  const e911 = locked.find((r) => r[2] === '911')!;
  assert.equal(e911[3], 'outbound');
  assert.match(e911[8]!, /^IAX2\/carrier\/911,30/);
  assert.ok(rows.some((r) => r[5]!.startsWith('IAX2/carrier-') && r[2] === '911' && r.join(',').includes('ANSWERED')));
  const refused = locked.filter((r) => r[3] === 'tollguard-locked');
  assert.deepEqual(refused.map((r) => r[2]), ['011882123456782', '2125550103']);
  assert.ok(refused.every((r) => r.at(-1) === `tollguard-locked:${r[2]}"` && r[7] === 'Congestion'));
  assert.ok(own('1002').every((r) => r[3] === 'outbound' && r[7] === 'Dial'));
});

test('default emergency numbers by HOME_COUNTRY: 112 and the country\'s own outside NANP', () => {
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'CA' })), ['911', '933']);
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'GB' })), ['112', '999']);
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'AU' })), ['112', '000', '106']);
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'JP' })), ['112', '110', '118', '119']);
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'NL' })), ['112']);
  assert.deepEqual(emergencyLines(print({ HOME_COUNTRY: 'DE' })), ['112', '110']);
});

test('EMERGENCY_NUMBERS replaces the default; trunk access codes get their own lines', () => {
  const text = print({ HOME_COUNTRY: 'GB', EMERGENCY_NUMBERS: '999,112,101', TRUNK_ACCESS_CODES: '9' });
  assert.deepEqual(emergencyLines(text), ['999', '112', '101', '9999', '9112', '9101']);
  assert.match(text, /Emergency numbers \(999 112 101: EMERGENCY_NUMBERS\)/);
});

test('EMERGENCY_NUMBERS must be digits (nothing else reaches the dialplan), and not empty', () => {
  for (const bad of ['911;rm', '9 11', '*911', '911)', '1']) {
    assert.throws(() => loadConfig({ env: { EMERGENCY_NUMBERS: bad } }), (e: Error) => e instanceof ConfigError && /pbx\.emergencyNumbers.*EMERGENCY_NUMBERS/s.test(e.message), bad);
  }
  assert.throws(() => loadConfig({ env: {}, overrides: [{ path: ['pbx', 'emergencyNumbers'], value: [], flag: 'test' }] }), /at least one/);
  assert.throws(() => renderDialplan('asterisk', { family: 'tollguard/lock', emergency: { numbers: ['911)\nexten => _X.,1,Dial(x'], source: 'x', accessCodes: [] } }), /digits only/);
});

test('the emergency numbers are classified as emergency calls too', async () => {
  const { resolveDiallingPlan } = await import('../../../src/enrichment/dialling-plan.js');
  const plan = resolveDiallingPlan(loadConfig({ env: { HOME_COUNTRY: 'GB', EMERGENCY_NUMBERS: '999,18000' } }).pbx);
  assert.ok(plan.emergencyNumbers.has('18000') && plan.emergencyNumbers.has('999') && plan.emergencyNumbers.has('112'));
});
