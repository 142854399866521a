// Robust statistics for baselines and count tails for rules. simple-statistics'
// poissonDistribution is a truncated table (P(X>=15 | 4) comes out 0), so the
// tails are summed here in log space with its gammaln (research: Statistics).
import { gammaln } from 'simple-statistics';

/** Scales a raw MAD to a normal-consistent standard deviation. */
export const MAD_TO_SIGMA = 1.4826;
/** Scales a mean absolute deviation to sigma; used when MAD is 0 ([0,0,0,0,9]). */
const MEAN_AD_TO_SIGMA = 1.2533;

function sortedCopy(values: ArrayLike<number>): Float64Array {
  // The constructor copies a typed array or an array directly; Float64Array.from goes through the iterator.
  const a = new Float64Array(values);
  a.sort();
  return a;
}

function medianOfSorted(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/** Median; 0 for no values. */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(sortedCopy(values));
}

/** Raw median absolute deviation around `center` (default the median). */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i]! - center);
  dev.sort();
  return medianOfSorted(dev);
}

export interface RobustSummary {
  median: number;
  /** MAD x 1.4826 (mean absolute deviation x 1.2533 when MAD is 0), never below `floor`. */
  scale: number;
  mean: number;
  max: number;
}

/**
 * Median, robust scale, mean and max in one pass over a copy. When more than
 * half the days are equal (typical: most days 0) MAD is 0 and would call any
 * non-zero day infinitely far off, so the mean absolute deviation stands in
 * (Iglewicz-Hoaglin), and the floor bounds it from below.
 */
export function robustSummary(values: ArrayLike<number>, floor: number): RobustSummary {
  if (values.length === 0) return { median: 0, scale: floor, mean: 0, max: 0 };
  return robustSummaryInPlace(new Float64Array(values), floor);
}

/** Deviations scratch by length: baselines summarize thousands of same-length histories. */
const devScratch: Float64Array[] = [];

/** robustSummary of `values`, sorting them in place (the caller's scratch array). */
export function robustSummaryInPlace(values: Float64Array, floor: number): RobustSummary {
  const n = values.length;
  if (n === 0) return { median: 0, scale: floor, mean: 0, max: 0 };
  // All zeros (an idle extension's history): what the general path gives, without sorting.
  let zeros = true;
  for (let i = 0; i < n && zeros; i++) zeros = values[i] === 0;
  if (zeros) return { median: 0, scale: Math.max(0, floor), mean: 0, max: 0 };
  const a = values.sort();
  const med = medianOfSorted(a);
  let sum = 0;
  let absSum = 0;
  const dev = n < 512 ? (devScratch[n] ??= new Float64Array(n)) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    sum += v;
    const d = Math.abs(v - med);
    dev[i] = d;
    absSum += d;
  }
  dev.sort();
  const rawMad = medianOfSorted(dev);
  const spread = rawMad > 0 ? rawMad * MAD_TO_SIGMA : (absSum / n) * MEAN_AD_TO_SIGMA;
  return { median: med, scale: Math.max(spread, floor), mean: sum / n, max: a[n - 1]! };
}

/** (x - median) / scale; scale must be > 0 (baselines floor it). */
export function robustZ(x: number, center: number, scale: number): number {
  return (x - center) / scale;
}

const TAIL_EPS = 1e-17;
const MAX_TERMS = 100_000;

/** P(X >= k) for X ~ Poisson(lambda). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (!(lambda > 0)) return 0;
  k = Math.ceil(k);
  const logPmf = (j: number) => j * Math.log(lambda) - lambda - gammaln(j + 1);
  if (k > lambda) {
    // Terms fall from k on: sum upward until negligible.
    let term = Math.exp(logPmf(k));
    let sum = term;
    for (let j = k; j < k + MAX_TERMS && term > sum * TAIL_EPS; j++) {
      term *= lambda / (j + 1);
      sum += term;
    }
    return Math.min(1, sum);
  }
  // k at or below the mean: the tail is large, 1 - P(X <= k - 1) is accurate.
  let lower = 0;
  for (let j = 0; j < k; j++) lower += Math.exp(logPmf(j));
  return Math.max(0, Math.min(1, 1 - lower));
}

/**
 * P(X >= k) for a negative binomial with the given mean and variance > mean
 * (overdispersed counts: busy Mondays, quiet Fridays).
 */
export function negBinomialUpperTail(k: number, mean: number, variance: number): number {
  if (k <= 0) return 1;
  if (!(mean > 0)) return 0;
  if (!(variance > mean)) return poissonUpperTail(k, mean);
  k = Math.ceil(k);
  const r = (mean * mean) / (variance - mean);
  const q = mean / variance; // success probability p; failure 1 - p = 1 - q
  const logPmf = (j: number) => gammaln(j + r) - gammaln(r) - gammaln(j + 1) + r * Math.log(q) + j * Math.log1p(-q);
  const mode = Math.max(0, Math.floor(((r - 1) * (1 - q)) / q));
  if (k > mode) {
    let term = Math.exp(logPmf(k));
    let sum = term;
    for (let j = k; j < k + MAX_TERMS && term > sum * TAIL_EPS; j++) {
      term *= ((j + r) / (j + 1)) * (1 - q);
      sum += term;
    }
    return Math.min(1, sum);
  }
  let lower = 0;
  for (let j = 0; j < k; j++) lower += Math.exp(logPmf(j));
  return Math.max(0, Math.min(1, 1 - lower));
}

/** Upper tail of a daily count: Poisson, or negative binomial when history is overdispersed. */
export function countUpperTail(k: number, mean: number, variance: number): number {
  return variance > mean ? negBinomialUpperTail(k, mean, variance) : poissonUpperTail(k, mean);
}
