import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Destination, OutboundCall } from '../../src/enrichment/call.js';
import { ProfileAccumulator } from '../../src/profiles/accumulator.js';
import { BurstCounter } from '../../src/profiles/concurrency.js';
import { PbxClock } from '../../src/time/pbx-clock.js';

// 2026-11-01 in New York: 01:00-02:00 happens twice, first EDT (-04:00), then EST (-05:00).
const clock = new PbxClock('America/New_York');
const EDT_0105 = Date.UTC(2026, 10, 1, 5, 5, 0);
const EST_0105 = Date.UTC(2026, 10, 1, 6, 5, 0);

const DEST: Destination = { dialled: '12125550100', e164: '+12125550100', kind: 'national', country: 'US', callingCode: '1', numberClass: 'fixed', premium: false, highRisk: null, label: 'United States' };

function callAt(start: number, i: number): OutboundCall {
  const local = clock.local(start);
  return {
    extension: '1001', caller: null, trunk: 'telco', technology: 'PJSIP', accountcode: '', start, end: start + 20_000, day: local.day, secondOfDay: local.secondOfDay, weekday: local.weekday,
    afterHours: true, answered: true, billsec: 20, duration: 21, disposition: 'ANSWERED', destination: DEST,
    price: { cost: 0, estimated: false, ratePerMinute: 0, billedSeconds: 20, rateName: 'deck' },
    suspiciousContext: null, clid: '', src: '1001', dcontext: 'from-internal', channel: 'PJSIP/1001-00000001', uniqueid: `u${i}`, origin: `Master.csv:${i + 1}`,
  };
}

test('the repeated hour when DST ends: 5 calls at 01:05 EDT and 5 at 01:05 EST are not 10 in 10 minutes', () => {
  const calls = [0, 1, 2, 3, 4].flatMap((k) => [callAt(EDT_0105 + k * 1000, 2 * k), callAt(EST_0105 + k * 1000, 2 * k + 1)]);
  assert.equal(clock.iso(EDT_0105), '2026-11-01T01:05:00-04:00');
  assert.equal(clock.iso(EST_0105), '2026-11-01T01:05:00-05:00');
  // Same local day and the same local time of day: only the epoch tells them apart.
  assert.ok(calls.every((c) => c.day === '2026-11-01' && c.secondOfDay >= 3900 && c.secondOfDay < 3905));
  const acc = new ProfileAccumulator((t) => clock.iso(t));
  for (const c of calls) acc.add(c);
  const [p] = acc.profiles();
  assert.equal(p!.outboundCalls, 10);
  assert.equal(p!.maxCallsIn10Min, 5);
});

test('the repeated hour in histogram mode (a day with more than 2,048 calls)', () => {
  const b = new BurstCounter();
  // 1,100 calls in 01:05-01:09 EDT, then 1,100 in 01:05-01:09 EST, arriving interleaved.
  for (let i = 0; i < 1100; i++) {
    b.add(EDT_0105 + (i % 300) * 1000);
    b.add(EST_0105 + (i % 300) * 1000);
  }
  assert.equal(b.max(600), 1100);
  // A call late in the 25-hour day and one just after midnight still fit.
  b.add(clock.startOfDay('2026-11-02') - 1000);
  b.add(clock.startOfDay('2026-11-01'));
  assert.equal(b.max(600), 1100);
  assert.equal(b.max(7200), 2200);
});

test('on an ordinary day the exact count matches a brute-force count of every 10-minute window', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const day = clock.startOfDay('2026-03-02');
  const starts = Array.from({ length: 300 }, () => day + Math.floor(rand() * 86_400) * 1000 * (rand() < 0.5 ? 1 : 0.01));
  const b = new BurstCounter();
  for (const s of starts) b.add(s);
  let best = 0;
  for (const s of starts) best = Math.max(best, starts.filter((t) => t >= s && t - s < 600_000).length);
  assert.equal(b.max(600), best);
  assert.ok(best > 1);
});
