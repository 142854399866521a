// Simultaneous calls: one desk phone makes one call at a time; attackers run
// many parallel international calls to cash in before anyone notices.
import { z } from 'zod';
import { maxSeverity, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const concurrentCalls = defineExtensionRule({
  meta: {
    id: 'concurrent-calls',
    description: 'Parallel international calls (or parallel calls well above the usual peak); critical at criticalInternational parallel international calls.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'international',
  },
  options: z.object({
    /** Parallel international calls that fire, when above the usual peak. */
    minInternational: z.number().int().min(1).default(3),
    criticalInternational: z.number().int().min(1).default(5),
    /** Parallel calls of any kind that fire, when also above usual peak x overUsualMax. */
    minConcurrent: z.number().int().min(2).default(4),
    overUsualMax: z.number().min(1).default(2),
  }),
  check({ profile: p, baseline, options, severity }) {
    const usualMax = baseline.metrics.peakConcurrent.max;
    const intl = p.peakConcurrentInternational;
    const intlHit = intl >= options.minInternational && intl > usualMax;
    const anyHit = p.peakConcurrent >= options.minConcurrent && p.peakConcurrent > usualMax * options.overUsualMax;
    if (!intlHit && !anyHit) return null;
    const critical = intlHit && intl >= options.criticalInternational;
    return {
      severity: critical ? maxSeverity(severity, 'critical') : severity,
      title: `Parallel calls: ${p.peakConcurrent} at once, ${intl} international (usual peak ${usualMax})`,
      explanation: sentences(`Up to ${p.peakConcurrent} outbound calls at once on ${p.day}, ${intl} of them international; the extension's usual peak is ${usualMax}`),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.peakConcurrent, observedInternational: intl, baselineMax: usualMax, ...profileEvidence(p) },
    };
  },
});
