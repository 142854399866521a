// How far a day's metric is above the extension's baseline: robust z, a count
// tail and an absolute excess, all three required (research: Statistics).
import type { Baseline, MetricBaseline } from '../profiles/baseline.types.js';
import { countUpperTail, robustZ } from '../profiles/stats.js';
import { z } from 'zod';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { baselineBasis, profileEvidence, round, sentences, statistics, times, usualKind, usually } from './explain.js';
import type { RuleHit, Severity } from './rule.js';

/** A rate below this is not believed: a history of zeros still allows an occasional call. */
const LAMBDA_FLOOR = 0.25;

/** Threshold options shared by the spike rules; each rule supplies its own defaults. */
export function spikeOptions(d: { warnZ?: number; criticalZ?: number; warnP?: number; criticalP?: number; minExcess: number; criticalExcess: number }) {
  return {
    /** Robust z (median/MAD) needed for a warning. */
    warnZ: z.number().positive().default(d.warnZ ?? 3.5),
    criticalZ: z.number().positive().default(d.criticalZ ?? 6),
    /** Tail probability of the count at or below which it warns. */
    warnP: z.number().gt(0).max(1).default(d.warnP ?? 1e-3),
    criticalP: z.number().gt(0).max(1).default(d.criticalP ?? 1e-4),
    /** At least this much above the usual value before anything fires. */
    minExcess: z.number().min(0).default(d.minExcess),
    criticalExcess: z.number().min(0).default(d.criticalExcess),
  };
}

export interface SpikeThresholds {
  warnZ: number;
  criticalZ: number;
  warnP: number;
  criticalP: number;
  minExcess: number;
  criticalExcess: number;
}

export interface Spike {
  level: 'warning' | 'critical' | null;
  observed: number;
  median: number;
  scale: number;
  z: number;
  /** P(count >= observed) under the baseline; null for amounts (cost). */
  pTail: number | null;
  excess: number;
}

/**
 * Judges `observed` against a metric baseline. Counts use a Poisson tail, or a
 * negative binomial when the history is overdispersed (variance from the
 * robust scale; only trusted once the mean is at least 1, because below that
 * the scale is the floor, not data). A cold-start baseline never yields
 * critical: it is mostly the typical extension, not this one.
 */
export function assessSpike(observed: number, mb: MetricBaseline, baseline: Baseline, t: SpikeThresholds, count = true): Spike {
  const zScore = robustZ(observed, mb.median, mb.scale);
  const excess = observed - mb.median;
  let pTail: number | null = null;
  if (count) {
    const lambda = Math.max(mb.mean, mb.median, LAMBDA_FLOOR);
    const variance = lambda >= 1 ? Math.max(lambda, mb.scale * mb.scale) : lambda;
    pTail = countUpperTail(observed, lambda, variance);
  }
  const passes = (zMin: number, pMax: number, excessMin: number) => zScore >= zMin && excess >= excessMin && (pTail === null || pTail <= pMax);
  let level: Spike['level'] = null;
  if (passes(t.criticalZ, t.criticalP, t.criticalExcess) && !baseline.coldStart) level = 'critical';
  else if (passes(t.warnZ, t.warnP, t.minExcess)) level = 'warning';
  return { level, observed, median: round(mb.median, 2), scale: round(mb.scale, 2), z: round(zScore, 1), pTail: pTail === null ? null : Number(pTail.toPrecision(3)), excess: round(excess, 2) };
}

/** The spike's numbers for a finding's evidence. */
export function spikeEvidence(s: Spike, baseline: Baseline): Record<string, unknown> {
  return { observed: s.observed, baselineMedian: s.median, scale: s.scale, z: s.z, pTail: s.pTail, historyDays: baseline.historyDays, activeDays: baseline.activeDays, coldStart: baseline.coldStart, dayTypeAware: baseline.dayTypeAware };
}

export interface SpikeHitArgs {
  spike: Spike;
  mb: MetricBaseline;
  baseline: Baseline;
  profile: DailyProfile;
  severity: Severity;
  /** "international calls" */
  noun: string;
  title: string;
  /** Renders values of the metric, e.g. money. */
  unit?: (n: number) => string;
  extra?: (string | null | false)[];
  evidence?: Record<string, unknown>;
}

/** The usual finding of a spike rule: the day's value against the usual one in words, the statistics in details. */
export function spikeHit(a: SpikeHitArgs): RuleHit {
  const { spike: s, profile: p } = a;
  const unit = a.unit ?? ((n: number) => String(round(n, 1)));
  return {
    severity: a.severity,
    title: a.title,
    explanation: sentences(`${unit(s.observed)} ${a.noun} on ${p.day}, ${usually(s.median, unit)} ${usualKind(a.baseline)}`, ...(a.extra ?? [])),
    details: statistics(baselineBasis(a.baseline), times(s.observed, s.median), `robust z ${s.z}`, s.pTail !== null && `chance ${chance(s.pTail)} under the usual rate`),
    estimatedCost: p.estimatedCost,
    evidence: { ...spikeEvidence(s, a.baseline), ...profileEvidence(p), ...a.evidence },
  };
}

/** A tail probability as a statistician writes it; 0 is an underflow, not a certainty. */
function chance(p: number): string {
  return p > 0 ? String(p) : 'below 1e-300';
}
