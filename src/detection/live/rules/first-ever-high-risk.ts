// A high-risk country the extension has never called (over everything the
// state store remembers), dialled now. Fraud almost always goes somewhere new.
import { z } from 'zod';
import { clean, countryShort, maxSeverity, sentences } from '../../explain.js';
import { callsEvidence, defineLiveRule } from '../rule.js';

export const liveFirstEverHighRisk = defineLiveRule({
  meta: {
    id: 'live-first-ever-high-risk',
    description: 'Calls to a high-risk country (or +88x network) the extension never called before; critical once one is answered or criticalCalls are dialled.',
    defaultSeverity: 'warning',
    scope: 'extension',
  },
  options: z.object({
    criticalCalls: z.number().int().min(1).default(3),
    /** Countries never reported as new. */
    ignoreCountries: z.array(z.string()).default([]),
  }),
  check({ ext, options, severity }) {
    const ignore = new Set(options.ignoreCountries.map((c) => c.toUpperCase()));
    const fresh = ext.recent.filter((c) => c.highRisk && !c.allowedForward && c.countryKey !== null && !ext.history.knownCountries.has(c.countryKey) && !ignore.has(c.countryKey.toUpperCase()));
    if (fresh.length === 0) return null;
    const countries = [...new Set(fresh.map((c) => c.countryKey!))];
    const answered = fresh.filter((c) => c.answeredAt !== null);
    const known = [...ext.history.knownCountries];
    return {
      severity: answered.length > 0 || fresh.length >= options.criticalCalls ? maxSeverity(severity, 'critical') : severity,
      title: `First-ever high-risk ${countries.length === 1 ? 'country' : 'countries'} now: ${countries.map(countryShort).join(', ')}`,
      explanation: sentences(
        `${fresh.length} call(s) dialled just now to high-risk destination${countries.length === 1 ? '' : 's'} never called by this extension before: ${clean([...new Set(fresh.map((c) => c.label))].join(', '), 160)}; ${answered.length} answered`,
        known.length > 0 ? `It usually calls ${known.slice(0, 8).join(', ')}` : ext.history.activeDays === 0 ? 'The extension has no history at all' : 'It has made no international calls before',
      ),
      estimatedCost: ext.costToday,
      evidence: { newCountries: countries, knownCountries: known.sort(), ...callsEvidence(fresh) },
    };
  },
});
