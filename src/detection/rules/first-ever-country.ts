// Countries the extension has never called before (over everything the state
// store remembers). Fraud almost always goes somewhere new.
import { z } from 'zod';
import type { OutboundCall } from '../../enrichment/call.js';
import { countryKey } from '../../enrichment/classify.js';
import type { DailyProfile } from '../../profiles/daily-profile.js';
import { clean, countryShort, destinationKey, highRiskPlaces, labels, maxSeverity, profileEvidence, sentences } from '../explain.js';
import type { Finding } from '../rule.js';
import { defineExtensionRule } from '../rule.js';

export const firstEverCountry = defineExtensionRule({
  meta: {
    id: 'first-ever-country',
    description: 'International calls to a country (or +88x network) the extension never called before; critical when a high-risk one was reached (answered, or several calls) or there are several new ones; info for a brand-new extension calling an ordinary country.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'international',
  },
  options: z.object({
    /** This many new countries in one day is critical. */
    criticalNewCountries: z.number().int().min(1).default(5),
    /** High-risk calls to new countries that make it critical even when none was answered. */
    criticalHighRiskCalls: z.number().int().min(1).default(3),
    /** Countries never reported as new (neighbours everyone calls). */
    ignoreCountries: z.array(z.string()).default([]),
  }),
  check({ profile: p, baseline, options, severity }) {
    const ignore = new Set(options.ignoreCountries.map((c) => c.toUpperCase()));
    const fresh = p.countries.filter((c) => !baseline.knownCountries.has(c) && !ignore.has(c.toUpperCase()));
    if (fresh.length === 0) return null;
    const freshSet = new Set(fresh);
    const highRisk = highRiskPlaces(p, (key) => key !== null && freshSet.has(key));
    // One unanswered call to a high-risk country is worth a look, not a lockout.
    const highRiskReached = highRisk.some((d) => d.answered > 0) || highRisk.reduce((n, d) => n + d.calls, 0) >= options.criticalHighRiskCalls;
    const critical = highRiskReached || fresh.length >= options.criticalNewCountries;
    const known = baseline.knownCountries.size;
    // An extension with no history at all has nothing to compare with: a new ordinary country is only worth noting.
    const quiet = baseline.historyDays === 0 && highRisk.length === 0;
    return {
      severity: critical ? maxSeverity(severity, 'critical') : quiet ? 'info' : severity,
      title: `First-ever ${fresh.length === 1 ? 'country' : 'countries'}: ${fresh.map(countryShort).join(', ')}`,
      explanation: sentences(
        `${fresh.length} destination countr${fresh.length === 1 ? 'y' : 'ies'} never called by this extension before ${p.day}: ${fresh.map((k) => countryName(k, p)).join(', ')}`,
        known > 0 ? `It usually calls ${[...baseline.knownCountries].slice(0, 8).join(', ')}` : baseline.historyDays === 0 ? 'The extension is new: no history at all' : 'It has made no international calls before',
        highRisk.length > 0 && `High-risk: ${labels(highRisk)}`,
      ),
      estimatedCost: p.estimatedCost,
      evidence: { newCountries: fresh, knownCountries: [...baseline.knownCountries].sort(), highRisk: highRisk.map((d) => d.label), ...profileEvidence(p) },
    };
  },
  /** Only the calls to the new countries, not the extension's usual ones abroad. */
  concerns(call: OutboundCall, finding: Finding): boolean {
    const fresh = finding.evidence.newCountries;
    return call.destination.kind === 'international' && Array.isArray(fresh) && fresh.includes(countryKey(call.destination));
  },
});

/** "Cuba" for CU, "International Networks (+882)" for +882: the name the day's calls carry, else the code. */
function countryName(key: string, p: DailyProfile): string {
  const label = p.topCountries.find((c) => c.key === key)?.label ?? p.topDestinations.find((d) => destinationKey(d) === key)?.label;
  return label ? clean(label) : key;
}
