// International, premium-rate or high-risk calls up at once, beyond anything
// the extension has done before: IRSF runs many parallel calls to cash in
// before anyone notices, and the live guard sees them while they are up.
import { z } from 'zod';
import { clean, maxSeverity, sentences } from '../../explain.js';
import { byLabel, callsEvidence, defineLiveRule } from '../rule.js';

export const liveConcurrentCalls = defineLiveRule({
  meta: {
    id: 'live-concurrent-calls',
    description: 'International, premium-rate or high-risk calls up at once, more than the extension ever had at once in its history; critical at criticalCalls.',
    defaultSeverity: 'warning',
    scope: 'extension',
  },
  options: z.object({
    /** Toll calls at once that fire, when above the history's most. */
    minCalls: z.number().int().min(1).default(2),
    criticalCalls: z.number().int().min(1).default(3),
  }),
  check({ ext, options, severity }) {
    const toll = ext.calls.filter((c) => c.toll && !c.allowedForward);
    const most = ext.history.maxConcurrentInternational;
    if (toll.length < options.minCalls || toll.length <= most) return null;
    return {
      severity: toll.length >= options.criticalCalls ? maxSeverity(severity, 'critical') : severity,
      title: `Parallel calls now: ${toll.length} international or premium at once (most ever ${most})`,
      explanation: sentences(
        `${toll.length} outbound calls to international, premium-rate or high-risk numbers are up at once right now (${clean(byLabel(toll), 160)})`,
        most > 0 ? `The extension's most at once on any day of its history is ${most}` : 'The extension has never had two such calls at once',
      ),
      details: `${ext.calls.length} call(s) up in all; history: ${ext.history.activeDays} active day(s)`,
      estimatedCost: ext.costToday,
      evidence: { observed: toll.length, baselineMax: most, ...callsEvidence(toll) },
    };
  },
});
