// Calls to destinations on the high-risk list (+881/+882/+883, Cuba, Latvia ...).
// An extension that always calls one of them at its usual volume is left alone.
import { z } from 'zod';
import { highRiskPlaces, labels, maxSeverity, profileEvidence, round, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const highRiskDestination = defineExtensionRule({
  meta: {
    id: 'high-risk-destination',
    description: 'Calls to high-risk destinations the extension does not usually call (or more of them than usual); critical when answered or several.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'high-risk',
  },
  options: z.object({
    /** This many high-risk calls in a day is critical. */
    criticalCalls: z.number().int().min(1).default(3),
    /** This many answered high-risk calls is critical. */
    criticalAnswered: z.number().int().min(1).default(1),
  }),
  check({ profile: p, baseline, options, severity }) {
    if (p.highRiskCalls === 0) return null;
    const dests = p.topDestinations.filter((d) => d.highRisk);
    const listed = dests.reduce((s, d) => s + d.calls, 0);
    const unfamiliar = highRiskPlaces(p, (key) => key === null || !baseline.knownCountries.has(key));
    const mb = baseline.metrics.highRiskCalls;
    const usualVolume = p.highRiskCalls <= Math.max(mb.max, mb.median + 3.5 * mb.scale);
    // Calls beyond the top-destination list are of unknown destination: never "usual".
    if (unfamiliar.length === 0 && listed >= p.highRiskCalls && usualVolume) return null;
    const answered = p.highRiskAnswered;
    const critical = p.highRiskCalls >= options.criticalCalls || answered >= options.criticalAnswered;
    return {
      severity: critical ? maxSeverity(severity, 'critical') : severity,
      title: `High-risk destinations: ${p.highRiskCalls} call(s)${answered > 0 ? `, ${answered} answered` : ''}`,
      explanation: sentences(
        `${p.highRiskCalls} call(s) to high-risk destinations on ${p.day}, ${answered} answered`,
        unfamiliar.length > 0 ? `Not called by this extension before: ${labels(unfamiliar)}` : `Usually ${round(mb.median, 1)} a day, at most ${mb.max}`,
      ),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.highRiskCalls, answered, baselineMedian: mb.median, baselineMax: mb.max, unfamiliar: [...new Set(unfamiliar.map((d) => d.key ?? d.label))], ...profileEvidence(p) },
    };
  },
});
