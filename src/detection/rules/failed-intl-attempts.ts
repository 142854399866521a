// Many failed international attempts: an attacker hunting for a route or a
// number that answers, often before the expensive calls start.
import { z } from 'zod';
import { maxSeverity } from '../explain.js';
import { defineExtensionRule } from '../rule.js';
import { assessSpike, spikeHit, spikeOptions } from '../spike.js';

export const failedIntlAttempts = defineExtensionRule({
  meta: {
    id: 'failed-intl-attempts',
    description: 'Failed international attempts far above usual (at least minExcess more than the usual count).',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'failed-international',
  },
  options: z.object(spikeOptions({ minExcess: 10, criticalExcess: 30 })),
  check({ profile, baseline, options, severity }) {
    const mb = baseline.metrics.failedInternational;
    const spike = assessSpike(profile.failedInternational, mb, baseline, options);
    if (!spike.level) return null;
    return spikeHit({
      spike, mb, baseline, profile,
      severity: spike.level === 'critical' ? maxSeverity(severity, 'critical') : severity,
      noun: 'failed international attempts',
      title: `Failed international attempts: ${profile.failedInternational} (usual ${spike.median})`,
      extra: [`${profile.internationalCalls} international attempts in all, ${profile.internationalAnswered} answered`],
    });
  },
});
