import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pbxSchema } from '../../src/config/pbx.js';
import type { Destination } from '../../src/enrichment/call.js';
import { createClassifier, createDestinationResolver } from '../../src/enrichment/classify.js';
import { resolveDiallingPlan } from '../../src/enrichment/dialling-plan.js';
import { HighRiskList } from '../../src/enrichment/high-risk.js';
import { normaliseNumber } from '../../src/enrichment/number.js';
import { loadHighRiskList } from '../../src/reference/high-risk.js';

const highRisk = loadHighRiskList();
const US = resolveDiallingPlan(pbxSchema.parse({}));
const GB = resolveDiallingPlan(pbxSchema.parse({ homeCountry: 'GB' }));
const classifyUS = createClassifier(US, highRisk);
const classifyGB = createClassifier(GB, highRisk);

function us(dialled: string): Destination {
  const n = normaliseNumber(dialled, US);
  return classifyUS(n.e164, n.kind, dialled);
}
function gb(dialled: string): Destination {
  const n = normaliseNumber(dialled, GB);
  return classifyGB(n.e164, n.kind, dialled);
}

type Expect = Partial<Destination> & { highRiskName?: string | null };
const cases: [string, () => Destination, Expect][] = [
  ['US 1-900 (fixture)', () => us('19005551234'), { e164: '+19005551234', kind: 'national', country: 'US', callingCode: '1', numberClass: 'premium-rate', premium: true, highRisk: null, label: 'United States, premium-rate' }],
  ['US 8xx toll-free', () => us('1-800-555-1234'), { numberClass: 'toll-free', premium: false, label: 'United States, toll-free' }],
  ['US geographic', () => us('2125551234'), { numberClass: 'fixed-or-mobile', premium: false, highRisk: null, label: 'United States' }],
  ['+882 (fixture, invalid to the library)', () => us('0118821234567'), { e164: '+8821234567', kind: 'international', country: null, callingCode: '882', highRiskName: 'International Networks', label: 'International Networks (+882)' }],
  ['+882 second (fixture)', () => us('0118821234563'), { callingCode: '882', highRiskName: 'International Networks', label: 'International Networks (+882)' }],
  ['+882 16 Thuraya wins over +882', () => us('01188216123456'), { country: null, callingCode: '882', numberClass: 'voip', highRiskName: 'Thuraya', label: 'Thuraya (+88216)' }],
  ['+883 invalid to the library, still high-risk', () => us('0118835100123456'), { country: null, callingCode: '883', numberClass: 'unknown', highRiskName: 'International Networks', label: 'International Networks (+883)' }],
  ['+881 6 Iridium', () => us('011881612345678'), { callingCode: '881', numberClass: 'mobile', highRiskName: 'Iridium' }],
  ['+881 8 Globalstar', () => us('011881812345678'), { callingCode: '881', highRiskName: 'Globalstar' }],
  ['+870 Inmarsat', () => us('011870773123456'), { callingCode: '870', highRiskName: 'Inmarsat' }],
  ['+979 international premium rate', () => us('011979123456789'), { numberClass: 'premium-rate', premium: true, highRiskName: 'International Premium Rate' }],
  ['+800 freephone, not high-risk', () => us('01180012345678'), { numberClass: 'toll-free', highRisk: null, label: 'International Freephone (+800)' }],
  ['Cuba mobile', () => us('0115351234567'), { country: 'CU', callingCode: '53', numberClass: 'mobile', highRiskName: 'Cuba', label: 'Cuba' }],
  ['Latvia 90x premium (fixture Latvia number is fixed)', () => us('01137190012345'), { country: 'LV', numberClass: 'premium-rate', premium: true, highRiskName: 'Latvia', label: 'Latvia, premium-rate' }],
  ['Jamaica via 1-876', () => us('18765551234'), { kind: 'international', country: 'JM', callingCode: '1', highRiskName: 'Jamaica', label: 'Jamaica' }],
  ['+44 7911 mobile from the US', () => us('011447911123456'), { kind: 'international', callingCode: '44', numberClass: 'mobile', highRisk: null }],
  ['00447911123456 from a US PBX (fixture)', () => us('00447911123456'), { e164: '+447911123456', kind: 'international', numberClass: 'mobile' }],
  ['UK 09x premium', () => gb('09012345678'), { kind: 'national', country: 'GB', numberClass: 'premium-rate', premium: true, label: 'United Kingdom, premium-rate' }],
  ['UK 0871 premium', () => gb('08712345678'), { numberClass: 'premium-rate', premium: true }],
  ['UK 070 personal', () => gb('07011234567'), { numberClass: 'personal', premium: false, label: 'United Kingdom, personal' }],
  ['UK invalid national number keeps the home name', () => gb('01481123456'), { kind: 'national', country: null, callingCode: '44', numberClass: 'unknown', label: 'United Kingdom' }],
  ['emergency', () => us('911'), { e164: null, kind: 'emergency', country: 'US', numberClass: 'unknown', premium: false, label: 'Emergency number' }],
  ['short code', () => us('411'), { e164: null, kind: 'short-code', label: 'Short code' }],
  ['local 7 digits', () => us('5551234'), { e164: null, kind: 'national', country: 'US', label: 'United States, local number' }],
  ['junk', () => us('x!'), { e164: null, kind: 'invalid', country: null, callingCode: null, label: 'Invalid number' }],
];

for (const [name, run, expect] of cases) {
  test(`classify: ${name}`, () => {
    const d = run();
    const { highRiskName, ...fields } = expect;
    for (const [k, v] of Object.entries(fields)) assert.deepEqual(d[k as keyof Destination], v, `${k} of ${d.dialled}`);
    if (highRiskName !== undefined) {
      assert.ok(d.highRisk !== null && d.highRisk.startsWith(`${highRiskName} (+`), `highRisk of ${d.dialled}: ${d.highRisk}`);
    }
  });
}

test('classify keeps each call its own dialled string while caching by number', () => {
  const a = classifyUS('+8821234567', 'international', '0118821234567');
  const b = classifyUS('+8821234567', 'international', '+882 123 4567');
  assert.equal(a.dialled, '0118821234567');
  assert.equal(b.dialled, '+882 123 4567');
  assert.deepEqual({ ...a, dialled: '' }, { ...b, dialled: '' });
});

test('configured extra high-risk prefixes add entries without hiding listed ones', () => {
  const list = highRisk.withExtraPrefixes(['4420', '882']);
  assert.equal(list.size, highRisk.size + 1);
  const classify = createClassifier(US, list);
  const london = classify('+442079460000', 'international', '011442079460000');
  assert.equal(london.highRisk, 'Configured high-risk prefix (+4420, configured)');
  assert.match(classify('+8821234567', 'international', 'x').highRisk ?? '', /^International Networks/);
});

test('the high-risk list matches the longest prefix and nothing shorter than an entry', () => {
  const list = new HighRiskList([
    { prefix: '88', name: 'short', category: 'expensive', severity: 'info', source: 't' },
    { prefix: '8821', name: 'long', category: 'expensive', severity: 'info', source: 't' },
  ]);
  assert.equal(list.match('+88212345')?.name, 'long');
  assert.equal(list.match('88312345')?.name, 'short');
  assert.equal(list.match('8'), null);
  assert.equal(list.match(''), null);
});

test('the shipped list covers the research destinations', () => {
  for (const prefix of ['870', '881', '8816', '8817', '8818', '8819', '882', '88216', '883', '979', '808', '878', '53', '371', '252', '232', '224', '239', '994', '377', '386', '370', '222', '682', '674', '686', '683', '690', '677', '678', '246', '247', '290', '500', '672', '681', '670', '675', '1268', '1284', '1473', '1649', '1664', '1767', '1809', '1829', '1849', '1876']) {
    assert.equal(highRisk.match(prefix)?.prefix, prefix, `+${prefix} listed`);
  }
  for (const e of highRisk.entries()) assert.match(e.source, /destinations-and-methods\.md/);
});

test('the resolver caches whole destinations by dialled string', () => {
  const resolve = createDestinationResolver(US, highRisk);
  const d = resolve('0118821234567');
  assert.equal(resolve('0118821234567'), d);
  assert.equal(d.e164, '+8821234567');
  assert.ok(Object.isFrozen(d));
});
