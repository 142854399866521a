// What an extension's history says is normal for it, as rules see it.
import type { BaselineMetric } from './daily-profile.js';

export interface MetricBaseline {
  /** Median of the history days (zero-call days included). */
  median: number;
  /** Robust spread: MAD x 1.4826, never below the metric's floor. */
  scale: number;
  mean: number;
  max: number;
}

export interface Baseline {
  extension: string;
  day: string;
  /** History days used (after excluding days judged fraudulent). */
  historyDays: number;
  /** History days on which the extension made at least one outbound call. */
  activeDays: number;
  /** Too little history of its own: blended with the PBX's typical extension. */
  coldStart: boolean;
  /** Only days of the same kind (weekday or weekend) were used. */
  dayTypeAware: boolean;
  /** Last day before this one with an outbound call, or null if none in memory. */
  lastActiveDay: string | null;
  /** Countries and non-geographic codes called before this day (further back than the lookback when the state store has them). */
  knownCountries: ReadonlySet<string>;
  metrics: Record<BaselineMetric, MetricBaseline>;
}
