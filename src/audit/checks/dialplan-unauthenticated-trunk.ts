// The reachability walk: from every context unauthenticated calls start in
// (the anonymous endpoint's, guests', inbound trunks', "default") to a Dial
// of a trunk, through include =>, Goto, GotoIf, Gosub, Macro and
// Dial(Local/...@ctx), with the path shown. Caller-chosen digits reaching a
// trunk is toll fraud waiting to happen (critical); a fixed number (a DID
// forwarded abroad) costs money on every inbound call (warning).
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import type { TrunkHit } from '../pbx/walk.js';
import { at, callerChooses, describeNumber, describePath, q, sentences } from './describe.js';

export const dialplanUnauthenticatedTrunk = defineAuditCheck({
  meta: {
    id: 'dialplan-unauthenticated-trunk',
    description: 'Contexts reachable without authentication (anonymous and guest endpoints, inbound trunk contexts, "default") from which a Dial to a trunk can be reached, with the path.',
    defaultSeverity: 'critical',
    files: ['extensions.conf', 'pjsip.conf', 'sip.conf', 'iax.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const entry of pbx.entries()) {
      const walked = pbx.walkFrom(entry.context);
      const found = walked.hits.filter((h) => !(h.dialled.kind === 'fixed' && pbx.isEmergency(h.dialled.value)));
      const open = found.filter((h) => callerChooses(h.dialled));
      const forwards = found.filter((h) => !callerChooses(h.dialled));
      const who = entry.doors.slice(0, 3).map((d) => `${d.how} (${at(d)})`);
      if (entry.doors.length > 3) who.push(`and ${entry.doors.length - 3} more`);
      // Unauthenticated accounts in your phones' own context: close the accounts, not the routes.
      const phonesContext = pbx.internalEntries().some((s) => s.context === entry.context);
      const report = (hit: TrunkHit, others: number, forward: boolean) => {
        const first = hit.path[0]!;
        const international = hit.dialled.kind === 'fixed' && pbx.isInternational(hit.dialled.value);
        hits.push({
          file: first.file,
          line: first.line,
          severity: forward ? 'warning' : undefined,
          title: forward
            ? `Calls into ${q(entry.context)} are sent out through a trunk to ${international ? 'an international' : 'a fixed'} number`
            : `Unauthenticated calls reach a trunk from context ${q(entry.context)}`,
          explanation: sentences(
            `Calls get into ${q(entry.context)} without a password: ${who.join('; ')}`,
            `From there ${describeNumber(hit.dialled)} reaches the trunk ${hit.target}: ${describePath(hit.path)}`,
            forward && `Every inbound call there costs you an outgoing call${international ? ' abroad: a favourite of traffic-pumping fraud, which calls your number to be paid for the call it forwards' : ''}`,
            others > 0 && `${others} more way(s) from this context reach a trunk`,
            walked.truncated && 'The walk stopped at its limit before it was done: there may be more',
          ),
          fix: forward
            ? 'Make sure this forward is wanted; if it is, cap it (a time limit in Dial\'s L() option, few simultaneous calls with GROUP()), else remove it'
            : phonesContext
              ? `${q(entry.context)} is also your phones' context: give every account above a password (or remove it), so that only your phones start there`
              : `Let ${q(entry.context)} reach only what unauthenticated callers may reach (your DIDs, IVR, voicemail): remove the first step above (${at(first)}) and put routes to the trunk only in your phones' contexts; then: asterisk -rx "dialplan reload"`,
        });
      };
      if (open.length) report(shortest(open), open.length - 1, false);
      if (forwards.length) report(shortest(forwards), forwards.length - 1, true);
    }
    return hits;
  },
});

function shortest(hits: TrunkHit[]): TrunkHit {
  return hits.reduce((a, b) => (b.path.length < a.path.length ? b : a));
}
