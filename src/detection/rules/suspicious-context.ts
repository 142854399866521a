// A trunk reached from a context that is not one of the extensions' own (a
// guest/default context, the anonymous endpoint): a dialplan hole, not a
// user. Always worth stopping.
import { z } from 'zod';
import { clean, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const suspiciousContext = defineExtensionRule({
  meta: {
    id: 'suspicious-context',
    description: 'Outbound calls that reached a trunk from a non-internal dialplan context or a guest endpoint; critical.',
    defaultSeverity: 'critical',
    intraday: true,
    scope: 'extension',
    calls: 'suspicious-context',
  },
  options: z.object({}),
  check({ profile: p }) {
    if (p.suspiciousContextCalls === 0) return null;
    const contexts = p.suspiciousContexts.map((c) => clean(c, 40)).join(', ');
    return {
      title: `Trunk reached from a non-internal context: ${p.suspiciousContextCalls} call(s)`,
      explanation: sentences(
        `${p.suspiciousContextCalls} outbound call(s) on ${p.day} reached a trunk from context ${contexts || '(unknown)'}, which is not one of your internal contexts: a guest/anonymous caller or a dialplan that lets unauthenticated calls out. Check allowguest and the anonymous endpoint, and that only internal contexts include your outbound routes`,
      ),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.suspiciousContextCalls, contexts: p.suspiciousContexts, ...profileEvidence(p) },
    };
  },
});
