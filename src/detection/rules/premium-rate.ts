// Calls to premium-rate or shared-cost numbers: the called party earns from
// them, which is how IRSF pays the attacker.
import { z } from 'zod';
import { maxSeverity, money, profileEvidence, round, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const premiumRate = defineExtensionRule({
  meta: {
    id: 'premium-rate',
    description: 'Any call to a premium-rate number; critical when several or when their cost passes criticalCost. Only info when the extension calls premium numbers every day at this volume.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'premium',
  },
  options: z.object({
    /** This many premium-rate calls in a day is critical. */
    criticalCalls: z.number().int().min(1).default(3),
    /** Premium-rate spend (currency units) that is critical. */
    criticalCost: z.number().min(0).default(5),
  }),
  check({ profile: p, baseline, options, severity, currency }) {
    if (p.premiumCalls === 0) return null;
    const dests = p.topDestinations.filter((d) => d.premium);
    const cost = round(dests.reduce((s, d) => s + d.cost, 0));
    const answered = dests.reduce((s, d) => s + d.answered, 0);
    const mb = baseline.metrics.premiumCalls;
    // A daily habit (a paid support line) at its usual volume is noted, not alerted.
    const habitual = !baseline.coldStart && mb.median >= 1 && p.premiumCalls <= Math.max(mb.max, mb.median + 3.5 * mb.scale);
    const critical = p.premiumCalls >= options.criticalCalls || cost >= options.criticalCost;
    const sev = habitual ? 'info' : critical ? maxSeverity(severity, 'critical') : severity;
    return {
      severity: sev,
      title: `Premium-rate calls: ${p.premiumCalls}${answered > 0 ? `, ${answered} answered` : ''}`,
      explanation: sentences(
        `${p.premiumCalls} call(s) to premium-rate numbers on ${p.day}, ${answered} answered, ${money(cost, currency)} at premium rates`,
        habitual ? `Usual for this extension (${round(mb.median, 1)} a day)` : mb.median > 0 ? `Usually ${round(mb.median, 1)} a day` : 'It does not usually call premium-rate numbers',
      ),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.premiumCalls, premiumAnswered: answered, premiumCost: cost, baselineMedian: mb.median, habitual, ...profileEvidence(p) },
    };
  },
});
