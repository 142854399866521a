// Far more international calls than the extension usually makes: the core
// toll-fraud signal. Its usual countries at its usual volume never fire.
import { z } from 'zod';
import { countryShort, maxSeverity } from '../explain.js';
import { defineExtensionRule } from '../rule.js';
import { assessSpike, spikeHit, spikeOptions } from '../spike.js';

export const intlSpike = defineExtensionRule({
  meta: {
    id: 'intl-spike',
    description: "International calls far above the extension's usual daily count; critical when far off an established baseline.",
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'international',
  },
  options: z.object(spikeOptions({ minExcess: 5, criticalExcess: 15 })),
  check({ profile, baseline, options, severity }) {
    const mb = baseline.metrics.internationalCalls;
    const spike = assessSpike(profile.internationalCalls, mb, baseline, options);
    if (!spike.level) return null;
    const fresh = profile.countries.filter((c) => !baseline.knownCountries.has(c));
    return spikeHit({
      spike, mb, baseline, profile,
      severity: spike.level === 'critical' ? maxSeverity(severity, 'critical') : severity,
      noun: 'international calls',
      title: `International call spike: ${profile.internationalCalls} calls (usual ${spike.median})`,
      extra: [
        `${profile.internationalAnswered} answered, ${profile.failedInternational} failed`,
        fresh.length > 0 && `Never called before: ${fresh.map(countryShort).join(', ')}`,
      ],
      evidence: { newCountries: fresh, countries: profile.countries },
    });
  },
});
