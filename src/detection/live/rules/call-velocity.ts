// Many calls dialled in the last minutes: an attacker with a password dials
// as fast as the trunk lets him, long before the first CDR is written.
import { z } from 'zod';
import { clean, maxSeverity, sentences } from '../../explain.js';
import { byLabel, callsEvidence, defineLiveRule } from '../rule.js';

export const liveCallVelocity = defineLiveRule({
  meta: {
    id: 'live-call-velocity',
    description: 'Many outbound calls dialled in the last `minutes` (more than the extension ever dialled in 10 minutes); critical when criticalTollCalls of them went abroad or to premium-rate or high-risk numbers.',
    defaultSeverity: 'warning',
    scope: 'extension',
  },
  options: z.object({
    minutes: z.number().int().min(1).max(60).default(10),
    minCalls: z.number().int().min(2).default(6),
    criticalTollCalls: z.number().int().min(1).default(5),
  }),
  check({ ext, now, options, severity }) {
    const since = now - options.minutes * 60_000;
    const dialled = ext.recent.filter((c) => c.dialledAt > since);
    const most = ext.history.maxCallsIn10Min;
    if (dialled.length < options.minCalls || dialled.length <= most) return null;
    const toll = dialled.filter((c) => c.toll && !c.allowedForward);
    return {
      severity: toll.length >= options.criticalTollCalls ? maxSeverity(severity, 'critical') : severity,
      title: `Calls dialled in the last ${options.minutes} minutes: ${dialled.length} (most ever ${most})`,
      explanation: sentences(
        `${dialled.length} outbound calls dialled in the last ${options.minutes} minutes, ${toll.length} of them international, premium-rate or high-risk${toll.length ? ` (${clean(byLabel(toll), 160)})` : ''}`,
        most > 0 ? `The extension's most in 10 minutes on any day of its history is ${most}` : 'The extension has no such burst in its history',
      ),
      estimatedCost: ext.costToday,
      evidence: { observed: dialled.length, observedToll: toll.length, baselineMax: most, ...callsEvidence(dialled) },
    };
  },
});
