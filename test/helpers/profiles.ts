// Builds DailyProfiles and Baselines for detection tests without going through CDRs.
import type { Baseline, MetricBaseline } from '../../src/profiles/baseline.types.js';
import { BASELINE_METRICS, type BaselineMetric, type CallExample, type DailyProfile, type DestinationSummary } from '../../src/profiles/daily-profile.js';
import { emptyProfile } from '../../src/profiles/accumulator.js';
import { METRIC_FLOORS } from '../../src/profiles/baseline.js';
import { addDays, isoWeekday } from '../../src/time/pbx-clock.js';

/** Known destinations by key: country ISO code, or "+882"-style non-geographic code. */
const PLACES: Record<string, { label: string; e164: string; country: string | null; numberClass: string; highRisk: string | null; rate: number }> = {
  GB: { label: 'United Kingdom', e164: '+442079460000', country: 'GB', numberClass: 'fixed', highRisk: null, rate: 0.02 },
  DE: { label: 'Germany', e164: '+493012345600', country: 'DE', numberClass: 'fixed', highRisk: null, rate: 0.02 },
  FR: { label: 'France', e164: '+33140000000', country: 'FR', numberClass: 'fixed', highRisk: null, rate: 0.02 },
  MX: { label: 'Mexico', e164: '+525512345600', country: 'MX', numberClass: 'mobile', highRisk: null, rate: 0.05 },
  LV: { label: 'Latvia', e164: '+37190000000', country: 'LV', numberClass: 'premium-rate', highRisk: 'Latvia (+371)', rate: 0.84 },
  CU: { label: 'Cuba', e164: '+5352000000', country: 'CU', numberClass: 'mobile', highRisk: 'Cuba (+53)', rate: 0.98 },
  '+882': { label: 'International Networks (+882)', e164: '+88216500000', country: null, numberClass: 'voip', highRisk: 'International Networks (+882)', rate: 8.13 },
};

export interface CallSpec {
  /** Key of PLACES (international) or "domestic". */
  to: string;
  calls: number;
  answered?: number;
  /** Seconds per answered call. */
  seconds?: number;
}

/** A profile with every count 0, then the overrides. */
export function blankProfile(extension: string, day: string, overrides: Partial<DailyProfile> = {}): DailyProfile {
  return { ...emptyProfile(extension, day, isoWeekday(day)), ...overrides };
}

/** A consistent profile from call groups; counts follow from them, then `overrides` win. */
export function dayProfile(extension: string, day: string, specs: CallSpec[], overrides: Partial<DailyProfile> = {}): DailyProfile {
  const p = blankProfile(extension, day);
  const countries = new Set<string>();
  const dests: DestinationSummary[] = [];
  const examples: CallExample[] = [];
  for (const s of specs) {
    const answered = s.answered ?? s.calls;
    const seconds = s.seconds ?? 120;
    const place = s.to === 'domestic' ? null : PLACES[s.to];
    if (s.to !== 'domestic' && !place) throw new Error(`test helper: unknown place ${s.to}`);
    const rate = place?.rate ?? 0.01;
    const cost = Math.round(answered * (seconds / 60) * rate * 100) / 100;
    p.outboundCalls += s.calls;
    p.answeredCalls += answered;
    p.failedCalls += s.calls - answered;
    p.billsec += answered * seconds;
    p.estimatedCost = Math.round((p.estimatedCost + cost) * 100) / 100;
    p.distinctNumbers += Math.min(s.calls, 3);
    p.maxCallsIn10Min = Math.max(p.maxCallsIn10Min, Math.min(s.calls, 3));
    p.peakConcurrent = Math.max(p.peakConcurrent, 1);
    if (place) {
      p.internationalCalls += s.calls;
      p.internationalAnswered += answered;
      p.failedInternational += s.calls - answered;
      countries.add(place.country ?? s.to);
      if (place.highRisk) {
        p.highRiskCalls += s.calls;
        p.highRiskAnswered += answered;
      }
      if (place.numberClass === 'premium-rate') p.premiumCalls += s.calls;
      p.peakConcurrentInternational = Math.max(p.peakConcurrentInternational, 1);
    }
    const d = place ?? { label: 'United States', e164: '+12125550100', country: null, numberClass: 'fixed-or-mobile', highRisk: null };
    dests.push({ e164: d.e164, dialled: `011${d.e164.slice(1)}`, label: d.label, country: d.country, numberClass: d.numberClass, highRisk: d.highRisk, premium: d.numberClass === 'premium-rate', calls: s.calls, answered, billsec: answered * seconds, cost });
    examples.push({ time: `${day}T02:13:00+00:00`, dialled: `011${d.e164.slice(1)}`, e164: d.e164, label: d.label, disposition: answered > 0 ? 'ANSWERED' : 'NO ANSWER', billsec: answered > 0 ? seconds : 0, cost: answered > 0 ? Math.round((seconds / 60) * rate * 100) / 100 : 0, clid: `"${extension}" <${extension}>`, origin: 'Master.csv:1' });
  }
  p.countries = [...countries].sort();
  p.topDestinations = dests.sort((a, b) => b.cost - a.cost || b.calls - a.calls).slice(0, 10);
  p.examples = examples.slice(0, 5);
  if (p.outboundCalls > 0) {
    p.firstCall = Date.parse(`${day}T09:00:00Z`);
    p.lastCall = Date.parse(`${day}T17:00:00Z`);
  }
  return Object.assign(p, overrides);
}

/** A baseline whose every metric is flat (median = mean = max = given value, scale = floor) unless overridden. */
export function flatBaseline(
  extension: string,
  day: string,
  metrics: Partial<Record<BaselineMetric, number | Partial<MetricBaseline>>> = {},
  overrides: Partial<Baseline> = {},
): Baseline {
  const out = {} as Record<BaselineMetric, MetricBaseline>;
  for (const m of BASELINE_METRICS) {
    const v = metrics[m] ?? 0;
    const base = typeof v === 'number' ? { median: v, scale: METRIC_FLOORS[m], mean: v, max: v } : { median: 0, scale: METRIC_FLOORS[m], mean: 0, max: 0, ...v };
    out[m] = base;
  }
  return {
    extension,
    day,
    historyDays: 28,
    activeDays: 28,
    coldStart: false,
    dayTypeAware: false,
    lastActiveDay: addDays(day, -1),
    knownCountries: new Set<string>(),
    metrics: out,
    ...overrides,
  };
}
