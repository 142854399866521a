import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionSchema } from '../../src/config/detection.js';
import { judge, type JudgeInput } from '../../src/detection/judge.js';
import { severityRank, type Finding } from '../../src/detection/rule.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { extensionDayKey } from '../../src/profiles/extension-day.js';
import { blankProfile, dayProfile, type CallSpec } from '../helpers/profiles.js';

const WINDOW_DAY = '2026-03-04'; // a Wednesday
const LOOKBACK = 28;
const detection = detectionSchema.parse({});

/** Profiles for `ext` on each of the LOOKBACK days before `until`, from `specs(day)` (null: no calls). */
function steady(ext: string, until: string, specs: (day: string, i: number) => CallSpec[] | null): DailyProfile[] {
  const out: DailyProfile[] = [];
  for (let i = LOOKBACK; i >= 1; i--) {
    const day = addDays(until, -i);
    const s = specs(day, i);
    if (s) out.push(dayProfile(ext, day, s));
  }
  return out;
}

/** Ordinary office extensions so the PBX has a typical extension. */
function office(n: number, until: string): DailyProfile[] {
  const out: DailyProfile[] = [];
  for (let e = 0; e < n; e++) out.push(...steady(`1${String(e).padStart(2, '0')}`, until, () => [{ to: 'domestic', calls: 6 + (e % 3) }]));
  return out;
}

function run(profiles: DailyProfile[], extra: Partial<JudgeInput> = {}) {
  return judge({ profiles, window: { from: WINDOW_DAY, to: WINDOW_DAY }, detection, currency: 'USD', ...extra });
}

const of = (findings: Finding[], ext: string) => findings.filter((f) => f.extension === ext);
const worst = (findings: Finding[]) => findings.reduce((w, f) => Math.max(w, severityRank(f.severity)), -1);

describe('judge end to end', () => {
  it('a steady GB caller dialling +882 60 times one night: critical international spike and high-risk', () => {
    const history = steady('201', WINDOW_DAY, () => [{ to: 'GB', calls: 2 }, { to: 'domestic', calls: 4 }]);
    const attack = dayProfile('201', WINDOW_DAY, [{ to: '+882', calls: 60, answered: 41, seconds: 300 }, { to: 'GB', calls: 2 }], { afterHoursInternational: 60, maxCallsIn10Min: 12, peakConcurrentInternational: 4, peakConcurrent: 4 });
    const r = run([...office(5, WINDOW_DAY), ...history, attack]);
    const mine = of(r.findings, '201');
    const spike = mine.find((f) => f.rule === 'intl-spike');
    assert.equal(spike?.severity, 'critical');
    assert.equal(mine.find((f) => f.rule === 'high-risk-destination')?.severity, 'critical');
    assert.equal(mine.find((f) => f.rule === 'first-ever-country')?.severity, 'critical');
    assert.match(spike!.explanation, /^62 international calls on 2026-03-04, usually 2 on a weekday\./);
    assert.match(spike!.explanation, /Never called before: \+882/);
    assert.match(spike!.details!, /usual = median of the weekdays in 28 days of history; 31x the usual; robust z [\d.]+; chance [\de.-]+ under the usual rate/);
    assert.equal(spike!.evidence.baselineMedian, 2);
    assert.ok(r.judgedFraudulent.has(extensionDayKey('201', WINDOW_DAY)));
    assert.ok(r.baselines.get(extensionDayKey('201', WINDOW_DAY)));
    assert.equal(r.findings[0]!.severity, 'critical');
    // Findings are only for window days.
    assert.ok(r.findings.every((f) => f.day === WINDOW_DAY));
  });

  it('a heavy legitimate international caller at its usual volume and countries: nothing', () => {
    const specs: CallSpec[] = [{ to: 'GB', calls: 10 }, { to: 'DE', calls: 10 }, { to: 'FR', calls: 10 }];
    const history = steady('202', WINDOW_DAY, (_d, i) => specs.map((s) => ({ ...s, calls: s.calls + (i % 3) - 1 })));
    const today = dayProfile('202', WINDOW_DAY, specs);
    const r = run([...office(5, WINDOW_DAY), ...history, today]);
    assert.deepEqual(of(r.findings, '202'), []);
  });

  it('a domestic-only volume spike is at most a warning', () => {
    const history = steady('203', WINDOW_DAY, () => [{ to: 'domestic', calls: 10 }]);
    const today = dayProfile('203', WINDOW_DAY, [{ to: 'domestic', calls: 400 }], { estimatedCost: 8 });
    const r = run([...office(5, WINDOW_DAY), ...history, today]);
    const mine = of(r.findings, '203');
    assert.ok(mine.some((f) => f.rule === 'volume-spike'), 'the spike is reported');
    assert.ok(worst(mine) <= severityRank('warning'));
    assert.equal(r.judgedFraudulent.has(extensionDayKey('203', WINDOW_DAY)), false);
  });

  it('a brand-new extension whose first day is an attack: critical', () => {
    const today = dayProfile('204', WINDOW_DAY, [{ to: '+882', calls: 40, answered: 25, seconds: 200 }]);
    const r = run([...office(5, WINDOW_DAY), today]);
    const mine = of(r.findings, '204');
    assert.equal(worst(mine), severityRank('critical'));
    assert.ok(mine.some((f) => f.rule === 'first-ever-country'));
    assert.ok(mine.some((f) => f.rule === 'high-risk-destination' && f.severity === 'critical'));
    assert.equal(r.baselines.get(extensionDayKey('204', WINDOW_DAY))?.coldStart, true);
  });

  it('a dormant extension waking up with international calls', () => {
    const history = steady('205', WINDOW_DAY, (_d, i) => (i > 20 ? [{ to: 'domestic', calls: 3 }] : null));
    const today = dayProfile('205', WINDOW_DAY, [{ to: 'MX', calls: 4 }]);
    const r = run([...office(5, WINDOW_DAY), ...history, today]);
    const f = of(r.findings, '205').find((x) => x.rule === 'dormant-wakeup');
    assert.ok(f, 'dormant-wakeup fires');
    assert.match(f.explanation, /no outbound call for 20 days/);
    // The same calls from an extension active all along are no dormancy.
    const busy = steady('206', WINDOW_DAY, () => [{ to: 'domestic', calls: 3 }]);
    const r2 = run([...office(5, WINDOW_DAY), ...busy, dayProfile('206', WINDOW_DAY, [{ to: 'MX', calls: 4 }])]);
    assert.equal(of(r2.findings, '206').some((x) => x.rule === 'dormant-wakeup'), false);
  });

  it('an extension the store knew, silent through the whole lookback, is dormant rather than new', () => {
    const today = dayProfile('207', WINDOW_DAY, [{ to: 'MX', calls: 3 }]);
    const r = run([...office(3, WINDOW_DAY), today], { knownCountries: new Map([['207', new Set(['MX'])]]) });
    assert.ok(of(r.findings, '207').some((x) => x.rule === 'dormant-wakeup'));
    assert.equal(of(r.findings, '207').some((x) => x.rule === 'first-ever-country'), false);
  });

  it('a fraud day does not teach the baseline: the repeat attack is still critical, the next normal day is quiet', () => {
    const d1 = WINDOW_DAY;
    const d2 = addDays(d1, 1);
    const d3 = addDays(d1, 2);
    const history = steady('208', d1, () => [{ to: 'GB', calls: 2 }]);
    const attack = (day: string) => dayProfile('208', day, [{ to: '+882', calls: 80, answered: 50, seconds: 240 }]);
    const normal = dayProfile('208', d3, [{ to: 'GB', calls: 2 }]);
    const r = judge({ profiles: [...office(3, d3), ...history, attack(d1), attack(d2), normal], window: { from: d1, to: d3 }, detection, currency: 'USD' });
    assert.ok(r.judgedFraudulent.has(extensionDayKey('208', d1)) && r.judgedFraudulent.has(extensionDayKey('208', d2)));
    const b2 = r.baselines.get(extensionDayKey('208', d2))!;
    assert.equal(b2.metrics.internationalCalls.max, 2, 'day 1 left out of day 2 baseline');
    assert.equal(b2.knownCountries.has('+882'), false);
    assert.equal(of(r.findings, '208').find((f) => f.day === d2 && f.rule === 'intl-spike')?.severity, 'critical');
    assert.deepEqual(of(r.findings, '208').filter((f) => f.day === d3), []);
    assert.equal(r.knownCountries.get('208')?.has('+882'), false);
  });

  it('fraud days judged by earlier runs are left out of baselines too', () => {
    // The first data days are cold starts: an attack there only warns, so only the store's marks can exclude it.
    const inflated = steady('209', WINDOW_DAY, (_d, i) => (i > 14 ? [{ to: 'GB', calls: 60 }] : [{ to: 'GB', calls: 2 }]));
    const today = dayProfile('209', WINDOW_DAY, [{ to: 'GB', calls: 40 }]);
    const plain = run([...office(3, WINDOW_DAY), ...inflated, today]);
    assert.equal(of(plain.findings, '209').some((f) => f.rule === 'intl-spike'), false, 'half the month at 60 a day makes 40 normal');
    const earlier = new Set(inflated.filter((p) => p.internationalCalls === 60).map((p) => extensionDayKey('209', p.day)));
    const r = run([...office(3, WINDOW_DAY), ...inflated, today], { judgedFraudulent: earlier });
    assert.equal(of(r.findings, '209').find((f) => f.rule === 'intl-spike')?.severity, 'critical');
  });

  it("the PBX-wide cap learns from the PBX's history without its fraud days", () => {
    // 20 extensions at USD 3 a day: a PBX of USD 60 a day, cap 2 x 60 = 120.
    const profiles: DailyProfile[] = [];
    for (let e = 0; e < 20; e++) {
      for (let i = LOOKBACK; i >= 0; i--) profiles.push(blankProfile(`3${String(e).padStart(2, '0')}`, addDays(WINDOW_DAY, -i), { outboundCalls: 5, answeredCalls: 5, estimatedCost: 3 }));
    }
    // Ten days ago extension 399 ran up USD 5,000: judged fraudulent, it must not lift the cap to USD 10,000.
    const fraudDay = addDays(WINDOW_DAY, -10);
    profiles.push(blankProfile('399', fraudDay, { outboundCalls: 300, answeredCalls: 300, estimatedCost: 5000 }));
    const quiet = run(profiles);
    assert.deepEqual(quiet.findings.filter((f) => f.extension === '*'), [], 'USD 60 on the judged day');
    profiles.push(blankProfile('398', WINDOW_DAY, { outboundCalls: 20, answeredCalls: 20, estimatedCost: 75 }));
    const pbx = run(profiles).findings.find((f) => f.rule === 'pbx-cost-cap');
    assert.equal(pbx?.evidence.observed, 135);
    assert.equal(pbx?.evidence.cap, 120);
    assert.deepEqual(pbx?.evidence.busiestDay, { day: addDays(WINDOW_DAY, -1), cost: 60 });
  });

  it('skips exempt extensions and disabled rules', () => {
    const today = dayProfile('210', WINDOW_DAY, [{ to: '+882', calls: 40, answered: 25 }]);
    const r = run([...office(3, WINDOW_DAY), today], { exemptExtensions: ['210'] });
    assert.deepEqual(of(r.findings, '210'), []);
    const off = detectionSchema.parse({ rules: { 'high-risk-destination': { enabled: false } } });
    const r2 = run([...office(3, WINDOW_DAY), today], { detection: off });
    assert.equal(of(r2.findings, '210').some((f) => f.rule === 'high-risk-destination'), false);
    assert.ok(of(r2.findings, '210').length > 0);
  });
});
