// Far more outbound calls than the extension usually makes in a day.
import { z } from 'zod';
import { tollCallsWhenAny } from '../concerns.js';
import { maxSeverity, minSeverity } from '../explain.js';
import { defineExtensionRule } from '../rule.js';
import { assessSpike, spikeHit, spikeOptions } from '../spike.js';

export const volumeSpike = defineExtensionRule({
  meta: {
    id: 'volume-spike',
    description: "Outbound calls far above the extension's usual daily count; a domestic-only spike is at most a warning.",
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'any',
  },
  options: z.object(spikeOptions({ minExcess: 20, criticalExcess: 50 })),
  check({ profile, baseline, options, severity }) {
    const mb = baseline.metrics.outboundCalls;
    const spike = assessSpike(profile.outboundCalls, mb, baseline, options);
    if (!spike.level) return null;
    // Domestic calls are cheap: many of them is a nuisance, not toll fraud.
    const domesticOnly = profile.internationalCalls === 0 && profile.premiumCalls === 0;
    let sev = spike.level === 'critical' ? maxSeverity(severity, 'critical') : severity;
    if (domesticOnly) sev = minSeverity(sev, 'warning');
    return spikeHit({
      spike, mb, baseline, profile, severity: sev,
      noun: 'outbound calls',
      title: `Outbound call volume spike: ${profile.outboundCalls} calls (usual ${spike.median})`,
      extra: [domesticOnly ? 'All of them domestic' : `${profile.internationalCalls} international, ${profile.premiumCalls} premium-rate`],
      evidence: { domesticOnly, tollCalls: !domesticOnly || profile.highRiskCalls > 0 },
    });
  },
  /** On a day with toll calls, those; else every call. */
  concerns: tollCallsWhenAny,
});
