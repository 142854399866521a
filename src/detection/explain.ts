// Sentences and evidence a PBX admin can act on. Labels, dialled digits and
// caller IDs come from CDRs (attacker-controlled): control characters are
// replaced and lengths capped here; HTML/CSV escaping is the report's job.
import type { Baseline } from '../profiles/baseline.types.js';
import type { DailyProfile, DestinationSummary } from '../profiles/daily-profile.js';
import type { Severity } from './rule.js';
import { severityRank } from './rule.js';
import { countryName } from '../enrichment/classify.js';
import { isoWeekday } from '../time/pbx-clock.js';

/** Printable, single-line, at most `max` characters. */
export function clean(text: string, max = 48): string {
  const s = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "USD 3,501.19", as the reports print money. */
export function money(amount: number, currency: string): string {
  return `${currency} ${MONEY.format(amount)}`;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Key used in profile.countries and known countries: ISO country, or "+882" for non-geographic codes. */
export function destinationKey(d: Pick<DestinationSummary, 'country' | 'e164'>): string | null {
  if (d.country) return d.country;
  const m = d.e164 ? /^\+(8\d\d|9\d\d)/.exec(d.e164) : null;
  return m ? `+${m[1]}` : null;
}

/** "Cuba" for CU; a non-geographic code such as +882 stays as it is. */
export function countryShort(key: string): string {
  return /^[A-Z]{2}$/.test(key) ? countryName(key) : key;
}

/** "usually 8", "usually none", "usually USD 0.21": the usual value in words. */
export function usually(median: number, unit: (n: number) => string = num): string {
  return median > 0 ? `usually ${unit(round(median, 2))}` : 'usually none';
}

/** What "usually" is measured on: "on a weekday", or the cold start said plainly. */
export function usualKind(baseline: Baseline): string {
  if (baseline.coldStart) return "(a new or quiet extension: compared with the PBX's typical one)";
  if (!baseline.dayTypeAware) return 'a day';
  return isoWeekday(baseline.day) >= 6 ? 'on a weekend day' : 'on a weekday';
}

/** "usual = median of the weekdays in 28 days of history", for a details line. */
export function baselineBasis(baseline: Baseline): string {
  const kind = baseline.dayTypeAware ? (isoWeekday(baseline.day) >= 6 ? 'weekend days' : 'weekdays') : 'days';
  return baseline.coldStart
    ? `usual = blended with the PBX's typical extension (${baseline.activeDays} active day(s) of its own)`
    : `usual = median of the ${kind} in ${baseline.historyDays} days of history`;
}

/** "23x the usual": a ratio for a details line, never the first sentence; null when the usual is zero. */
export function times(observed: number, median: number): string | null {
  if (median <= 0) return null;
  const r = observed / median;
  return `${num(round(r, r >= 10 ? 0 : 1))}x the usual`;
}

/** "Cuba, International Networks (+882)": each destination's label once. */
/**
 * The day's high-risk places for an explanation: the top destinations' own labels
 * ("Iridium (+8816)"), then the countries of ALL the day's calls that none of those
 * covers (Cuba behind ten costlier +882 numbers). `keep` filters by country key.
 */
export function highRiskPlaces(p: DailyProfile, keep: (key: string | null) => boolean = () => true): { key: string | null; label: string; calls: number; answered: number }[] {
  const dests = p.topDestinations.filter((d) => d.highRisk && keep(destinationKey(d)));
  const covered = new Set(dests.map((d) => destinationKey(d)));
  const countries = p.topCountries.filter((c) => c.highRisk && !covered.has(c.key) && keep(c.key));
  return [...dests.map((d) => ({ key: destinationKey(d), label: d.label, calls: d.calls, answered: d.answered })), ...countries];
}

export function labels(dests: readonly Pick<DestinationSummary, 'label'>[]): string {
  return [...new Set(dests.map((d) => clean(d.label)))].join(', ');
}

/** Joins sentence parts, dropping empty ones. */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

/** A details line: the statistics behind a finding, joined with "; ". */
export function statistics(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('; ');
}

/** Evidence every extension rule attaches: destinations and example calls. */
export function profileEvidence(p: DailyProfile): Record<string, unknown> {
  return {
    topDestinations: p.topDestinations.slice(0, 5).map((d) => ({ label: d.label, e164: d.e164, country: d.country, numberClass: d.numberClass, highRisk: d.highRisk, premium: d.premium, calls: d.calls, answered: d.answered, cost: d.cost })),
    examples: p.examples,
    estimatedCost: p.estimatedCost,
  };
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function minSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
