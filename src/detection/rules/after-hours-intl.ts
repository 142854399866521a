// International calls outside business hours above usual: attacks run at
// night and weekends, when nobody watches the phones.
import { z } from 'zod';
import { maxSeverity } from '../explain.js';
import { defineExtensionRule } from '../rule.js';
import { assessSpike, spikeHit, spikeOptions } from '../spike.js';

export const afterHoursIntl = defineExtensionRule({
  meta: {
    id: 'after-hours-intl',
    description: 'International calls outside business hours above usual; critical when the day also has high-risk calls.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'after-hours-international',
  },
  options: z.object(spikeOptions({ minExcess: 3, criticalExcess: 10 })),
  check({ profile, baseline, options, severity }) {
    const mb = baseline.metrics.afterHoursInternational;
    const spike = assessSpike(profile.afterHoursInternational, mb, baseline, options);
    if (!spike.level) return null;
    const critical = spike.level === 'critical' || profile.highRiskCalls > 0;
    return spikeHit({
      spike, mb, baseline, profile,
      severity: critical ? maxSeverity(severity, 'critical') : severity,
      noun: 'international calls outside business hours',
      title: `After-hours international calls: ${profile.afterHoursInternational} (usual ${spike.median})`,
      extra: [profile.highRiskCalls > 0 && `${profile.highRiskCalls} of the day's calls went to high-risk destinations`],
    });
  },
});
