// Sentences and evidence a PBX admin can act on. Labels, dialled digits and
// caller IDs come from CDRs (attacker-controlled): control characters are
// replaced and lengths capped here; HTML/CSV escaping is the report's job.
import type { Baseline, MetricBaseline } from '../profiles/baseline.types.js';
import type { CallExample, DailyProfile, DestinationSummary } from '../profiles/daily-profile.js';
import type { Severity } from './rule.js';
import { severityRank } from './rule.js';
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

/** "usual 2 (median of 28 days)", naming weekday/weekend and cold-start blending. */
export function usual(mb: MetricBaseline, baseline: Baseline, unit = (n: number) => num(n)): string {
  const kind = baseline.dayTypeAware ? (isoWeekday(baseline.day) >= 6 ? 'weekend days' : 'weekdays') : 'days';
  const where = baseline.coldStart
    ? `blended with the PBX's typical extension: only ${baseline.activeDays} active day(s) of its own`
    : `median of the ${kind} in ${baseline.historyDays} days of history`;
  return `usual ${unit(mb.median)} (${where})`;
}

/** "23x" or "none usually". */
export function times(observed: number, median: number): string {
  if (median <= 0) return 'none usually';
  const r = observed / median;
  return `${num(round(r, r >= 10 ? 0 : 1))}x`;
}

/** "41 to International Networks (+882) (voip, high-risk), 7 to United Kingdom (fixed)". */
export function describeDestinations(dests: readonly DestinationSummary[], currency: string, n = 3): string {
  return dests
    .slice(0, n)
    .map((d) => {
      const tags = [d.numberClass === 'unknown' ? null : d.numberClass, d.premium && d.numberClass !== 'premium-rate' ? 'premium' : null, highRiskTag(d)].filter(Boolean);
      if (d.answered > 0) tags.push(`${d.answered} answered, ${money(d.cost, currency)}`);
      return `${d.calls} to ${clean(d.label)} ${clean(d.e164 ?? d.dialled, 20)}${tags.length ? ` (${tags.join(', ')})` : ''}`;
    })
    .join('; ');
}

/** "high-risk", or "high-risk: Iridium" when the label does not already name the list entry ("Name (+prefix, category)"). */
function highRiskTag(d: Pick<DestinationSummary, 'highRisk' | 'label'>): string | null {
  if (!d.highRisk) return null;
  const name = d.highRisk.replace(/ \(\+\d+, [a-z-]+\)$/, '');
  return d.label.startsWith(name) ? 'high-risk' : `high-risk: ${clean(name)}`;
}

/** "e.g. 2026-03-02T02:13:00-05:00 011882... International Networks (+882) ANSWERED 312 s USD 42.10". */
export function describeExamples(examples: readonly CallExample[], currency: string, n = 2): string {
  if (examples.length === 0) return '';
  const items = examples.slice(0, n).map((e) => `${clean(e.time, 32)} dialled ${clean(e.dialled, 24)} (${clean(e.label)}), ${clean(e.disposition, 16)} ${e.billsec} s ${money(e.cost, currency)}`);
  return `Example calls: ${items.join('; ')}.`;
}

/** "Cuba, International Networks (+882)": each destination's label once. */
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

export function costSentence(p: DailyProfile, currency: string): string {
  const abroad = p.topCountries.map((c) => `${c.calls} to ${clean(c.label)}${c.highRisk ? ' (high-risk)' : ''} ${money(c.cost, currency)}`);
  return `Estimated cost ${money(p.estimatedCost, currency)}${p.costEstimated ? ' (partly estimated: no rate deck match)' : ''}${abroad.length ? `; abroad by country: ${abroad.join(', ')}` : ''}`;
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
