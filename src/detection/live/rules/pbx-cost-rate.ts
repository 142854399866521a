// The whole PBX's answered calls cost more per minute than it ever spends:
// several extensions attacked at once each stay under their own thresholds.
import { z } from 'zod';
import { maxSeverity, money, sentences } from '../../explain.js';
import { defineLivePbxRule } from '../rule.js';

export const livePbxCostRate = defineLivePbxRule({
  meta: {
    id: 'live-pbx-cost-rate',
    description: "All answered calls together cost more than perMinute a minute right now and, at that rate, an hour would cost more than the PBX's costliest day of the lookback; critical.",
    defaultSeverity: 'critical',
    scope: 'pbx',
  },
  options: z.object({
    perMinute: z.number().positive().default(5),
  }),
  check({ extensions, options, severity, currency, pbxMaxDayCost }) {
    let rate = 0;
    let calls = 0;
    let cost = 0;
    const worst: { extension: string; rate: number }[] = [];
    for (const e of extensions) {
      let r = 0;
      for (const c of e.calls) if (c.answeredAt !== null) (r += c.ratePerMinute), calls++;
      rate += r;
      cost += e.costToday;
      if (r > 0) worst.push({ extension: e.extension, rate: r });
    }
    if (rate < options.perMinute || rate * 60 <= pbxMaxDayCost) return null;
    worst.sort((a, b) => b.rate - a.rate);
    return {
      severity: maxSeverity(severity, 'critical'),
      title: `Whole PBX burning ${money(rate, currency)} a minute on ${calls} call(s)`,
      explanation: sentences(
        `The PBX's answered calls up now cost ${money(rate, currency)} a minute together, most on ${worst.slice(0, 3).map((w) => `${w.extension} (${money(w.rate, currency)})`).join(', ')}`,
        `An hour at that rate is ${money(rate * 60, currency)}, more than the PBX's costliest day of its history (${money(pbxMaxDayCost, currency)})`,
      ),
      estimatedCost: Math.round(cost * 100) / 100,
      evidence: { live: true, perMinute: rate, calls, baselineMax: pbxMaxDayCost, extensions: worst.slice(0, 10) },
    };
  },
});
