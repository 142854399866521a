import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blend, computeBaseline, METRIC_FLOORS, typicalMetrics } from '../../src/profiles/baseline.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { blankProfile, dayProfile, flatBaseline } from '../helpers/profiles.js';

const DAY = '2026-03-02'; // a Monday

/** `n` history days before DAY built by `make(day, i)`. */
function history(n: number, make: (day: string, i: number) => DailyProfile): DailyProfile[] {
  const out: DailyProfile[] = [];
  for (let i = n; i >= 1; i--) out.push(make(addDays(DAY, -i), i));
  return out;
}

describe('computeBaseline', () => {
  it('learns median and MAD-based scale, counting zero-call days', () => {
    const h = history(28, (d, i) => (i % 2 === 0 ? dayProfile('201', d, [{ to: 'GB', calls: 4 }]) : blankProfile('201', d)));
    const b = computeBaseline({ extension: '201', day: DAY, history: h, coldStartDays: 7, minDayTypeDays: 99 });
    assert.equal(b.historyDays, 28);
    assert.equal(b.activeDays, 14);
    assert.equal(b.coldStart, false);
    assert.equal(b.metrics.internationalCalls.median, 2);
    assert.equal(b.metrics.internationalCalls.max, 4);
    assert.equal(b.metrics.internationalCalls.mean, 2);
    // Every day is 2 away from the median: MAD 2, scale 2 x 1.4826.
    assert.ok(Math.abs(b.metrics.internationalCalls.scale - 2 * 1.4826) < 1e-9);
    assert.deepEqual([...b.knownCountries], ['GB']);
    assert.equal(b.lastActiveDay, addDays(DAY, -2));
  });

  it('floors the scale of flat history per metric', () => {
    const h = history(28, (d) => dayProfile('201', d, [{ to: 'GB', calls: 2 }]));
    const b = computeBaseline({ extension: '201', day: DAY, history: h, coldStartDays: 7 });
    assert.equal(b.metrics.internationalCalls.median, 2);
    assert.equal(b.metrics.internationalCalls.scale, METRIC_FLOORS.internationalCalls);
    assert.equal(b.metrics.estimatedCost.scale, 1);
    assert.equal(b.metrics.billsec.scale, 60);
  });

  it('uses only weekdays for a weekday when there are enough, and all days otherwise', () => {
    // Busy on weekdays (10 calls), idle at weekends.
    const h = history(28, (d) => {
      const p = dayProfile('201', d, [{ to: 'domestic', calls: 10 }]);
      return p.weekday >= 6 ? blankProfile('201', d) : p;
    });
    const weekday = computeBaseline({ extension: '201', day: DAY, history: h, coldStartDays: 7 });
    assert.equal(weekday.dayTypeAware, true);
    assert.equal(weekday.metrics.outboundCalls.median, 10);
    const saturday = addDays(DAY, 5);
    const satHistory: DailyProfile[] = [];
    for (let i = 28; i >= 1; i--) {
      const d = addDays(saturday, -i);
      const p = dayProfile('201', d, [{ to: 'domestic', calls: 10 }]);
      satHistory.push(p.weekday >= 6 ? blankProfile('201', d) : p);
    }
    const weekend = computeBaseline({ extension: '201', day: saturday, history: satHistory, coldStartDays: 7 });
    assert.equal(weekend.dayTypeAware, true);
    assert.equal(weekend.metrics.outboundCalls.median, 0);
    const few = computeBaseline({ extension: '201', day: DAY, history: h.slice(-3), coldStartDays: 0 });
    assert.equal(few.dayTypeAware, false);
  });

  it('blends a cold start with the typical extension', () => {
    const typical = flatBaseline('x', DAY, { internationalCalls: 0, outboundCalls: 20 }).metrics;
    const h = history(2, (d) => dayProfile('301', d, [{ to: 'GB', calls: 10 }]));
    const b = computeBaseline({ extension: '301', day: DAY, history: h, coldStartDays: 8, typical });
    assert.equal(b.coldStart, true);
    assert.equal(b.activeDays, 2);
    // 2/8 of its own 10, 6/8 of the typical 0.
    assert.equal(b.metrics.internationalCalls.median, 2.5);
    assert.equal(b.metrics.outboundCalls.median, 0.25 * 10 + 0.75 * 20);
    const none = computeBaseline({ extension: '302', day: DAY, history: [], coldStartDays: 7, typical });
    assert.equal(none.historyDays, 0);
    assert.equal(none.lastActiveDay, null);
    assert.equal(none.metrics.outboundCalls.median, 20);
    const alone = computeBaseline({ extension: '302', day: DAY, history: [], coldStartDays: 7, typical: null });
    assert.equal(alone.metrics.outboundCalls.median, 0);
    assert.equal(alone.metrics.outboundCalls.scale, 1);
  });

  it('keeps given known countries and adds history countries without changing the given set', () => {
    const given = new Set(['FR']);
    const h = history(3, (d) => dayProfile('201', d, [{ to: 'DE', calls: 1 }]));
    const b = computeBaseline({ extension: '201', day: DAY, history: h, coldStartDays: 0, knownCountries: given });
    assert.deepEqual([...b.knownCountries].sort(), ['DE', 'FR']);
    assert.deepEqual([...given], ['FR']);
  });

  it('rejects history that is not before the day', () => {
    assert.throws(() => computeBaseline({ extension: '201', day: DAY, history: [blankProfile('201', DAY)], coldStartDays: 0 }), /not before/);
  });

  it('a fraud day left out of history does not inflate the baseline', () => {
    const h = history(28, (d) => dayProfile('201', d, [{ to: 'GB', calls: 2 }]));
    const withFraud = [...h.slice(0, 27), dayProfile('201', addDays(DAY, -1), [{ to: '+882', calls: 300 }])];
    const excluded = computeBaseline({ extension: '201', day: DAY, history: h.slice(0, 27), coldStartDays: 7, minDayTypeDays: 99 });
    const included = computeBaseline({ extension: '201', day: DAY, history: withFraud, coldStartDays: 7, minDayTypeDays: 99 });
    assert.equal(excluded.metrics.internationalCalls.max, 2);
    assert.ok(included.metrics.internationalCalls.max > 2);
    assert.equal(excluded.knownCountries.has('+882'), false);
  });
});

describe('typical extension and blending', () => {
  it('takes per-metric medians over established baselines only', () => {
    const bs = [1, 2, 3, 50].map((v, i) => flatBaseline(`${i}`, DAY, { outboundCalls: v }));
    bs.push(flatBaseline('new', DAY, { outboundCalls: 1000 }, { coldStart: true }));
    const t = typicalMetrics(bs)!;
    assert.equal(t.outboundCalls.median, 2.5);
    assert.equal(typicalMetrics([flatBaseline('n', DAY, {}, { coldStart: true })]), null);
  });
  it('blend weights and keeps floors', () => {
    const a = flatBaseline('a', DAY, { outboundCalls: 10 }).metrics;
    const b = flatBaseline('b', DAY, { outboundCalls: 0 }).metrics;
    const m = blend(a, b, 0.5);
    assert.equal(m.outboundCalls.median, 5);
    assert.equal(m.outboundCalls.max, 10);
    assert.equal(m.outboundCalls.scale, 1);
  });
});
