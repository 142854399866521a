// An absolute daily spend cap over the whole PBX (PBX_DAILY_COST_CAP): catches
// fraud spread thinly over many extensions. Counts every extension, exempt
// ones too, because the bill does.
import { z } from 'zod';
import { money, round, sentences } from '../explain.js';
import { definePbxRule } from '../rule.js';

export const pbxCostCap = definePbxRule({
  meta: {
    id: 'pbx-cost-cap',
    description: "The PBX's total estimated cost for the day passed the PBX-wide cap (PBX_DAILY_COST_CAP).",
    defaultSeverity: 'critical',
    intraday: true,
    scope: 'pbx',
  },
  options: z.object({
    /** Daily spend over all extensions, in the rate deck's currency. */
    perDay: z.number().positive().default(200),
  }),
  check({ day, profiles, options, currency }) {
    let total = 0;
    for (const p of profiles) total += p.estimatedCost;
    total = round(total);
    if (!(total > options.perDay)) return null;
    const top = [...profiles].sort((a, b) => b.estimatedCost - a.estimatedCost).slice(0, 5).filter((p) => p.estimatedCost > 0);
    return {
      title: `PBX daily cost cap passed: ${money(total, currency)} (cap ${money(options.perDay, currency)})`,
      explanation: sentences(
        `Estimated cost of all outbound calls on ${day} is ${money(total, currency)} over ${profiles.length} extension(s), over the PBX-wide cap of ${money(options.perDay, currency)}`,
        `Biggest spenders: ${top.map((p) => `extension ${p.extension} ${money(p.estimatedCost, currency)} (${p.internationalCalls} international)`).join('; ')}`,
      ),
      estimatedCost: total,
      evidence: { observed: total, cap: options.perDay, extensions: profiles.length, topExtensions: top.map((p) => ({ extension: p.extension, estimatedCost: p.estimatedCost, internationalCalls: p.internationalCalls })) },
    };
  },
});
