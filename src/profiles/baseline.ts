// Learns what is normal for one extension from its history days.
//
// The caller passes the COMPLETE list of history days: one profile per day of
// the span the baseline learns from, a zero-call day as an empty profile
// (accumulator's emptyProfile), days judged fraudulent left out. So the
// median of a mostly idle extension is 0, not the median of its busy days.
import { BASELINE_METRICS, type BaselineMetric, type DailyProfile } from './daily-profile.js';
import type { Baseline, MetricBaseline } from './baseline.types.js';
import { robustSummaryInPlace } from './stats.js';
import { isoWeekday } from '../time/pbx-clock.js';

export type BaselineMetrics = Record<BaselineMetric, MetricBaseline>;

/** Smallest scale per metric: one call, one minute, one currency unit. Keeps z finite and sane on flat history. */
export const METRIC_FLOORS: Readonly<Record<BaselineMetric, number>> = {
  outboundCalls: 1,
  answeredCalls: 1,
  billsec: 60,
  internationalCalls: 1,
  failedInternational: 1,
  premiumCalls: 1,
  highRiskCalls: 1,
  distinctNumbers: 1,
  estimatedCost: 1,
  afterHoursInternational: 1,
  maxCallsIn10Min: 1,
  peakConcurrent: 1,
};

export interface BaselineInput {
  extension: string;
  day: string;
  /** Every history day before `day` (zero-call days as empty profiles, fraudulent days left out), any order. */
  history: readonly DailyProfile[];
  /** Fewer active history days than this: blend with `typical`. */
  coldStartDays: number;
  /** The PBX's typical established extension (see typicalMetrics); null when there is none yet. */
  typical?: BaselineMetrics | null;
  /** Countries called before `day`, beyond the history too (from the state store). History countries are added. */
  knownCountries?: ReadonlySet<string>;
  /** Last active day known beyond the history; the history's own last active day wins when later. */
  lastActiveDay?: string | null;
  /** Same-kind days (weekday/weekend) needed before only those are used. Default 4. */
  minDayTypeDays?: number;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

function isWeekend(weekday: number): boolean {
  return weekday >= 6;
}

function summarize(days: readonly DailyProfile[]): BaselineMetrics {
  const values = new Float64Array(days.length);
  const out = {} as BaselineMetrics;
  for (const metric of BASELINE_METRICS) {
    for (let i = 0; i < days.length; i++) values[i] = days[i]![metric];
    out[metric] = robustSummaryInPlace(values, METRIC_FLOORS[metric]);
  }
  return out;
}

export function computeBaseline(input: BaselineInput): Baseline {
  const { day, history } = input;
  const todayWeekend = isWeekend(isoWeekday(day));
  let activeDays = 0;
  let lastActive = input.lastActiveDay ?? null;
  let known = input.knownCountries ?? EMPTY_SET;
  let knownCopied = false;
  const sameType: DailyProfile[] = [];
  for (const p of history) {
    if (p.day >= day) throw new Error(`baseline for ${input.extension} on ${day}: history day ${p.day} is not before it`);
    if (isWeekend(p.weekday) === todayWeekend) sameType.push(p);
    if (p.outboundCalls === 0) continue;
    activeDays++;
    if (lastActive === null || p.day > lastActive) lastActive = p.day;
    for (const c of p.countries) {
      if (known.has(c)) continue;
      if (!knownCopied) {
        known = new Set(known);
        knownCopied = true;
      }
      (known as Set<string>).add(c);
    }
  }
  const dayTypeAware = sameType.length >= (input.minDayTypeDays ?? 4) && sameType.length < history.length;
  let metrics = summarize(dayTypeAware ? sameType : history);
  const coldStart = activeDays < input.coldStartDays;
  if (coldStart && input.typical) metrics = blend(metrics, input.typical, activeDays / input.coldStartDays);
  return {
    extension: input.extension,
    day,
    historyDays: history.length,
    activeDays,
    coldStart,
    dayTypeAware,
    lastActiveDay: lastActive,
    knownCountries: known,
    metrics,
  };
}

/** Weighted mix: `ownWeight` of the extension's own metrics, the rest the typical extension's. */
export function blend(own: BaselineMetrics, typical: BaselineMetrics, ownWeight: number): BaselineMetrics {
  const w = Math.min(1, Math.max(0, ownWeight));
  const out = {} as BaselineMetrics;
  for (const m of BASELINE_METRICS) {
    const a = own[m];
    const b = typical[m];
    out[m] = {
      median: w * a.median + (1 - w) * b.median,
      scale: Math.max(METRIC_FLOORS[m], w * a.scale + (1 - w) * b.scale),
      mean: w * a.mean + (1 - w) * b.mean,
      max: Math.max(a.max, b.max),
    };
  }
  return out;
}

/** The typical extension: per metric, the median over baselines that are not cold starts. Null when there are none. */
export function typicalMetrics(baselines: Iterable<Baseline>): BaselineMetrics | null {
  const established: Baseline[] = [];
  for (const b of baselines) if (!b.coldStart) established.push(b);
  if (established.length === 0) return null;
  const col = new Float64Array(established.length);
  const pick = (m: BaselineMetric, key: keyof MetricBaseline): number => {
    for (let i = 0; i < established.length; i++) col[i] = established[i]!.metrics[m][key];
    return robustSummaryInPlace(col, 0).median;
  };
  const out = {} as BaselineMetrics;
  for (const m of BASELINE_METRICS) {
    out[m] = { median: pick(m, 'median'), scale: Math.max(METRIC_FLOORS[m], pick(m, 'scale')), mean: pick(m, 'mean'), max: pick(m, 'max') };
  }
  return out;
}

