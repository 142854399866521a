// An absolute per-extension daily spend cap (DAILY_COST_CAP), whatever the baseline says.
import { z } from 'zod';
import { costShare } from '../concerns.js';
import { money, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const costCap = defineExtensionRule({
  meta: {
    id: 'cost-cap',
    description: "An extension's estimated cost for the day passed the per-extension cap (DAILY_COST_CAP).",
    defaultSeverity: 'critical',
    intraday: true,
    scope: 'extension',
    calls: 'costly',
  },
  options: z.object({
    /** Daily spend per extension, in the rate deck's currency. */
    perExtension: z.number().positive().default(50),
  }),
  check({ profile: p, baseline, options, currency }) {
    if (!(p.estimatedCost > options.perExtension)) return null;
    const usual = baseline.metrics.estimatedCost.median;
    return {
      title: `Daily cost cap passed: ${money(p.estimatedCost, currency)} (cap ${money(options.perExtension, currency)})`,
      explanation: sentences(`Estimated cost on ${p.day} is ${money(p.estimatedCost, currency)}, over the per-extension cap of ${money(options.perExtension, currency)}; usually ${money(usual, currency)} a day`),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.estimatedCost, cap: options.perExtension, baselineMedian: usual, ...profileEvidence(p) },
    };
  },
  /** The calls that made the money: at least 1% of the cost each. */
  concerns: costShare,
});
