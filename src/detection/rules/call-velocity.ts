// A burst of calls in 10 minutes, beyond anything the extension did before:
// scripts and dialers, not people.
import { z } from 'zod';
import { tollCallsWhenAny } from '../concerns.js';
import { maxSeverity, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const callVelocity = defineExtensionRule({
  meta: {
    id: 'call-velocity',
    description: 'Many outbound calls within 10 minutes, above the extension\'s usual busiest 10 minutes; critical with international or premium calls.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'any',
  },
  options: z.object({
    /** Calls in 10 minutes that count as a burst. */
    minCalls: z.number().int().min(2).default(10),
    /** Calls in 10 minutes that are critical when the day has international or premium calls. */
    criticalCalls: z.number().int().min(2).default(20),
    /** The burst must also exceed the usual busiest 10 minutes times this. */
    overUsualMax: z.number().min(1).default(1.5),
  }),
  check({ profile: p, baseline, options, severity }) {
    const n = p.maxCallsIn10Min;
    const usualMax = baseline.metrics.maxCallsIn10Min.max;
    if (n < options.minCalls || n <= usualMax * options.overUsualMax) return null;
    const costly = p.internationalCalls > 0 || p.premiumCalls > 0;
    const critical = costly && n >= options.criticalCalls;
    return {
      severity: critical ? maxSeverity(severity, 'critical') : severity,
      title: `Call burst: ${n} calls in 10 minutes (usual at most ${usualMax})`,
      explanation: sentences(`${n} outbound calls within 10 minutes on ${p.day}; the extension's busiest 10 minutes before had ${usualMax}`),
      estimatedCost: p.estimatedCost,
      evidence: { observed: n, baselineMax: usualMax, tollCalls: costly || p.highRiskCalls > 0, ...profileEvidence(p) },
    };
  },
  /** On a day with toll calls, those; else every call. */
  concerns: tollCallsWhenAny,
});
