import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Destination, OutboundCall } from '../../src/enrichment/call.js';
import { ProfileAccumulator } from '../../src/profiles/accumulator.js';

const T0 = Date.UTC(2026, 2, 2, 14, 0, 0);

function dest(e164: string, kind: Destination['kind'] = 'international'): Destination {
  return { dialled: `011${e164.slice(1)}`, e164, kind, country: 'LV', callingCode: '371', numberClass: 'premium-rate', premium: true, highRisk: 'Latvia (+371, premium)', label: 'Latvia, premium-rate' };
}

function call(i: number, cost: number, destination: Destination, day = '2026-03-02'): OutboundCall {
  const start = T0 + i * 60_000;
  return {
    extension: '1001', caller: null, trunk: 'telco', technology: 'PJSIP', accountcode: '', start, end: start + 30_000, day, secondOfDay: 14 * 3600 + i * 60, weekday: 1,
    afterHours: false, answered: true, billsec: 30, duration: 31, disposition: 'ANSWERED', destination,
    price: { cost, estimated: false, ratePerMinute: cost * 2, billedSeconds: 30, rateName: 'deck' },
    suspiciousContext: null, clid: '"A" <1001>', src: '1001', dcontext: 'from-internal', channel: 'PJSIP/1001-00000001', uniqueid: `u${i}`, origin: `Master.csv:${i + 1}`,
  };
}

const fmt = (t: number) => new Date(t).toISOString();

test('profiles() twice with calls in between equals one call at the end (no rounding drift)', () => {
  // 0.004 + 0.004 rounds to 0.01 together but to 0 + 0 if each half were rounded first.
  const a = dest('+37190000001');
  const b = dest('+37190000002');
  const calls = [call(0, 0.004, a), call(1, 0.004, a), call(2, 0.003, b), call(3, 0.004, b), call(4, 0.004, b)];
  const once = new ProfileAccumulator(fmt);
  for (const c of calls) once.add(c);
  const expected = once.profiles();
  assert.equal(expected[0]!.estimatedCost, 0.02);

  const twice = new ProfileAccumulator(fmt);
  twice.add(calls[0]!);
  const early = twice.profiles();
  const earlySnapshot = JSON.stringify(early);
  for (const c of calls.slice(1, 3)) twice.add(c);
  twice.profiles();
  for (const c of calls.slice(3)) twice.add(c);
  assert.deepEqual(twice.profiles(), expected);
  // Earlier results are copies: later calls do not change them.
  assert.equal(JSON.stringify(early), earlySnapshot);
  assert.equal(early[0]!.outboundCalls, 1);
});

test('destination summaries and examples do not depend on the caller changing its objects afterwards', () => {
  const acc = new ProfileAccumulator(fmt);
  const d = dest('+37190000003');
  acc.add(call(0, 0.5, d));
  d.label = 'changed';
  acc.add(call(1, 0.5, dest('+37190000003')));
  const [p] = acc.profiles();
  assert.equal(p!.topDestinations.length, 1);
  assert.equal(p!.topDestinations[0]!.label, 'Latvia, premium-rate');
  assert.equal(p!.topDestinations[0]!.calls, 2);
  assert.equal(p!.topDestinations[0]!.cost, 1);
  assert.equal(p!.examples[0]!.time, new Date(T0).toISOString());
});

test('international calls are totalled by country over every number of the day, not only the top 10', () => {
  const acc = new ProfileAccumulator(fmt);
  // 12 distinct Latvian numbers (more than the 10 top destinations kept) and 2 calls to one +882 number.
  for (let i = 0; i < 12; i++) acc.add(call(i, 1, dest(`+3719000000${String(i).padStart(2, '0')}`)));
  const sat: Destination = { ...dest('+8821234567'), country: null, callingCode: '882', highRisk: 'International Networks (+882, international-network)', label: 'International Networks (+882)' };
  acc.add(call(20, 5, sat));
  acc.add(call(21, 5, sat));
  acc.add(call(22, 0.5, dest('+12125551234', 'national')));
  const [p] = acc.profiles();
  assert.equal(p!.topDestinations.length, 10);
  assert.deepEqual(p!.topCountries, [
    { key: 'LV', label: 'Latvia', calls: 12, answered: 12, cost: 12, highRisk: true },
    { key: '+882', label: 'International Networks (+882)', calls: 2, answered: 2, cost: 10, highRisk: true },
  ]);
});
