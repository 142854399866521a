// Estimated spend far above the extension's usual day.
import { z } from 'zod';
import { costShare } from '../concerns.js';
import { maxSeverity, money } from '../explain.js';
import { defineExtensionRule } from '../rule.js';
import { assessSpike, spikeHit, spikeOptions } from '../spike.js';

export const costSpike = defineExtensionRule({
  meta: {
    id: 'cost-spike',
    description: "Estimated call cost far above the extension's usual daily spend (excess in the rate deck's currency).",
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'costly',
  },
  options: z.object(spikeOptions({ minExcess: 10, criticalExcess: 50 })),
  check({ profile, baseline, options, severity, currency }) {
    const mb = baseline.metrics.estimatedCost;
    const spike = assessSpike(profile.estimatedCost, mb, baseline, options, false);
    if (!spike.level) return null;
    return spikeHit({
      spike, mb, baseline, profile,
      severity: spike.level === 'critical' ? maxSeverity(severity, 'critical') : severity,
      noun: 'estimated call cost',
      unit: (n) => money(n, currency),
      title: `Cost spike: ${money(profile.estimatedCost, currency)} (usual ${money(spike.median, currency)})`,
    });
  },
  /** The calls that made the money: at least 1% of the cost each. */
  concerns: costShare,
});
