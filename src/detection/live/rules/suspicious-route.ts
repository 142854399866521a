// A trunk reached right now by a call no extension of the office made: from a
// context that is not internal or a guest endpoint (an open dialplan), or a
// caller from the PSTN sent out again (hairpin, DISA) or a forward, to an
// international, premium-rate or high-risk number. Said in the words of the
// CDR rules suspicious-context and trunk-to-trunk.
import { z } from 'zod';
import { clean, maxSeverity, sentences } from '../../explain.js';
import { byLabel, callsEvidence, defineLiveRule } from '../rule.js';

export const liveSuspiciousRoute = defineLiveRule({
  meta: {
    id: 'live-suspicious-route',
    description: 'A call reaching the trunk now from a context that is not internal or a guest endpoint, or with no extension behind it (a PSTN caller sent out again, a forward) to an international, premium-rate or high-risk number; critical.',
    defaultSeverity: 'critical',
    scope: 'extension',
  },
  options: z.object({}),
  check({ ext, severity }) {
    const c = ext.caller;
    if (c) {
      const risky = ext.calls.filter((x) => x.toll && !x.allowedForward);
      if (risky.length === 0) return null;
      const how = c.kind === 'forward' ? 'is being forwarded out through the trunk' : 'came in from the PSTN and is leaving again through the trunk';
      return {
        severity: maxSeverity(severity, 'critical'),
        title: `Call out through the trunk with no extension now: ${risky.length} abroad or premium (${clean(c.label, 80)})`,
        explanation: sentences(
          `${risky.length} call(s) up now ${how} with no extension behind ${risky.length === 1 ? 'it' : 'them'} (${clean(c.label, 120)}): ${clean(byLabel(risky), 160)}`,
          c.kind === 'forward'
            ? `Check the forward of ${c.forwardOf ? clean(c.forwardOf, 40) : 'the number called'}; tollguard cannot lock a forward${c.extension ? `, but the lockout policy may lock extension ${clean(c.extension, 20)}, whose forward it is` : ''}`
            : `Check context ${clean(c.context ?? '?', 40)} for an include of your outbound routes; tollguard cannot lock a trunk`,
        ),
        estimatedCost: ext.costToday,
        evidence: { observed: risky.length, caller: { ...c, riskyCalls: risky.length, allowedCalls: 0 }, ...callsEvidence(risky) },
      };
    }
    const odd = ext.calls.filter((x) => x.suspiciousContext !== null);
    if (odd.length === 0) return null;
    const contexts = [...new Set(odd.map((x) => x.suspiciousContext!))];
    return {
      severity: maxSeverity(severity, 'critical'),
      title: `Trunk reached now from context ${clean(contexts.join(', '), 60)}`,
      explanation: sentences(
        `${odd.length} call(s) up now reached the trunk from ${contexts.length === 1 ? 'context' : 'contexts'} ${clean(contexts.join(', '), 80)}, which is not one of your internal contexts (or from a guest endpoint): ${clean(byLabel(odd), 160)}`,
        'Anyone who can reach that context can call out at your expense',
      ),
      estimatedCost: ext.costToday,
      evidence: { contexts, ...callsEvidence(odd) },
    };
  },
});
