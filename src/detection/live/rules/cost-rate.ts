// Money burning now: what the extension's answered calls cost per minute at
// their tariffs, while they are up. A CDR-based rule sees the cost only when
// the calls end; here the rate is known the moment they are answered.
import { z } from 'zod';
import { clean, maxSeverity, money, sentences } from '../../explain.js';
import { byLabel, callsEvidence, defineLiveRule } from '../rule.js';

export const liveCostRate = defineLiveRule({
  meta: {
    id: 'live-cost-rate',
    description: "The extension's answered calls cost more than perMinute a minute right now (priced with the rate deck or the shipped estimates), and an hour at that rate would cost more than its costliest day of the lookback; critical at criticalPerMinute.",
    defaultSeverity: 'warning',
    scope: 'extension',
  },
  options: z.object({
    perMinute: z.number().positive().default(1),
    criticalPerMinute: z.number().positive().default(3),
  }),
  check({ ext, options, severity, currency }) {
    const up = ext.calls.filter((c) => c.answeredAt !== null);
    const rate = up.reduce((s, c) => s + c.ratePerMinute, 0);
    if (rate < options.perMinute || rate * 60 <= ext.history.maxDayCost) return null;
    const cost = up.reduce((s, c) => s + c.costSoFar, 0);
    return {
      severity: rate >= options.criticalPerMinute ? maxSeverity(severity, 'critical') : severity,
      title: `Money burning now: ${money(rate, currency)} a minute on ${up.length} call(s)`,
      explanation: sentences(
        `${up.length} answered call(s) up now cost ${money(rate, currency)} a minute together (${clean(byLabel(up), 160)}), ${money(cost, currency)} so far`,
        `At that rate an hour costs ${money(rate * 60, currency)}; the extension's costliest day in its history cost ${money(ext.history.maxDayCost, currency)}`,
      ),
      estimatedCost: ext.costToday,
      evidence: { perMinute: rate, costSoFar: cost, baselineMax: ext.history.maxDayCost, ...callsEvidence(up) },
    };
  },
});
