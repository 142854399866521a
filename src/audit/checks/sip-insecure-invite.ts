// insecure=invite skips the password on INVITE. On a trunk matched by its
// address that is usual; on a friend (matched by the name in From) or a peer
// with host=dynamic it lets anyone call as that extension.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { callerChooses, q, reachSentence, sentences } from './describe.js';

export const sipInsecureInvite = defineAuditCheck({
  meta: {
    id: 'sip-insecure-invite',
    description: 'chan_sip friends (or dynamic peers) with insecure=invite: calls presenting their name are not asked for a password.',
    defaultSeverity: 'warning',
    files: ['sip.conf', 'extensions.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const ep of pbx.sip) {
      const door = ep.open.find((d) => d.everyone && /insecure=/.test(d.how));
      if (!door) continue;
      const reach = reachSentence(pbx, ep.contexts[0]!.name);
      hits.push({
        file: door.file,
        line: door.line,
        severity: reach.hit && callerChooses(reach.hit.dialled) ? 'critical' : undefined,
        title: `chan_sip ${q(ep.name)} takes calls without a password (insecure=invite)`,
        explanation: sentences(door.how, reach.sentence),
        fix: `Remove insecure= from [${ep.name}]; keep insecure=invite only on a type=peer trunk with a fixed host= address`,
      });
    }
    return hits;
  },
});
