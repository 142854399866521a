// Calls that came in from the PSTN and left again through the trunk, with no
// extension behind them: an inbound context that includes the outbound
// routes, DISA, a voicemail callout, a call forward pointed abroad. The PBX
// pays, and the lockout cannot stop it (there is no extension to lock), so
// the finding says what to change in the dialplan.
import { z } from 'zod';
import type { ProfileCaller } from '../../profiles/daily-profile.js';
import { tollCall } from '../concerns.js';
import { clean, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

/** Only names that are safe inside a printed shell command are put in one. */
const PLAIN = /^[A-Za-z0-9_.+-]{1,60}$/;

export const trunkToTrunk = defineExtensionRule({
  meta: {
    id: 'trunk-to-trunk',
    description:
      'Calls that left through the trunk without an extension (a PSTN caller sent out again: hairpin, DISA, an inbound context including the outbound routes; or a call forward) to international, premium-rate or high-risk destinations, unless ALLOWED_FORWARDS allows the forward; critical.',
    defaultSeverity: 'critical',
    intraday: true,
    scope: 'extension',
    calls: 'any',
  },
  options: z.object({}),
  check({ profile: p, severity }) {
    const c = p.caller;
    if (!c) return null;
    const risky = c.riskyCalls - c.allowedCalls;
    if (risky <= 0) return null;
    const how = c.kind === 'forward' ? 'were forwarded out through the trunk' : 'came in from the PSTN and left again through the trunk';
    return {
      severity,
      title: `Calls out through the trunk with no extension: ${risky} abroad or premium (${clean(c.label, 80)})`,
      explanation: sentences(
        `${p.outboundCalls} call(s) on ${p.day} ${how} with no extension behind them (${clean(c.label, 120)}); ${risky} went abroad or to premium-rate or high-risk numbers`,
        c.allowedCalls > 0 && `${c.allowedCalls} more went where ALLOWED_FORWARDS allows`,
        ...whatToDo(c, p.topDestinations[0]?.e164 ?? null),
      ),
      estimatedCost: p.estimatedCost,
      evidence: { observed: risky, caller: { ...c }, ...profileEvidence(p) },
    };
  },
  /** The calls abroad or to premium-rate and high-risk numbers, not a forward's local ones. */
  concerns: (call) => tollCall(call),
});

/** Where to look and what to change: there is no extension to lock. */
function whatToDo(c: ProfileCaller, topNumber: string | null): string[] {
  if (c.kind === 'forward') {
    const allow = c.forwardOf && PLAIN.test(c.forwardOf) && topNumber && /^\+\d{1,15}$/.test(topNumber) ? `${c.forwardOf}:${topNumber}` : null;
    return [
      `Check the forward of ${c.forwardOf ? clean(c.forwardOf, 40) : 'the number called'}${c.localContext ? `, dialled through a Local channel into context ${clean(c.localContext, 40)}` : ''}: call forwarding (asterisk -rx "database show CF"), follow-me, a ring group with outside numbers, a voicemail callout; whoever can change it (a guessed voicemail PIN, a phone's web page, a feature code) can point it abroad`,
      `Remove or correct it and change the PIN or password that protects it; tollguard cannot lock a forward${c.extension ? `, but the lockout policy may lock extension ${clean(c.extension, 20)}, whose forward it is` : ''}`,
      allow ? `If the forward is meant, allow it: ALLOWED_FORWARDS=${allow}` : 'If the forward is meant, allow it with ALLOWED_FORWARDS (DID or extension, then :+prefix*)',
    ];
  }
  const show = c.context && PLAIN.test(c.context) ? ` (asterisk -rx "dialplan show ${c.context}")` : '';
  const where = c.context
    ? `Check context ${clean(c.context, 40)}${show}, where they came in${c.trunk ? ` on trunk ${clean(c.trunk, 40)}` : ''},`
    : `Check the contexts where calls from trunk ${clean(c.trunk ?? '?', 40)} arrive`;
  return [
    `${where} for an include of your outbound routes (include => outbound), a pattern such as _X. that dials the trunk, DISA(), or an IVR or voicemail option that dials out`,
    'Remove it and run asterisk -rx "dialplan reload": inbound contexts must reach only extensions, queues, IVRs and voicemail. tollguard cannot lock a trunk; until the dialplan is fixed, block international calls on the trunk or ask the carrier to',
  ];
}
