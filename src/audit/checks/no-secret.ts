// chan_sip and IAX2 accounts without a secret: anyone can register or call as
// them. IAX2's check_access even picks such a user for callers who give no
// user name at all (the sample iax.conf's [guest]).
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { callerChooses, q, reachSentence, sentences } from './describe.js';

export const noSecret = defineAuditCheck({
  meta: {
    id: 'no-secret',
    description: 'chan_sip and IAX2 users, friends and dynamic peers without a secret; critical when their context reaches a trunk.',
    defaultSeverity: 'warning',
    files: ['sip.conf', 'iax.conf', 'extensions.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const ep of [...pbx.sip, ...pbx.iax]) {
      const door = ep.open.find((d) => /has no secret/.test(d.how));
      if (!door || ep.name === '(guest)') continue;
      const reached = ep.contexts.map((c) => reachSentence(pbx, c.name));
      const worst = reached.find((r) => r.hit && callerChooses(r.hit.dialled)) ?? reached.find((r) => r.hit) ?? reached[0]!;
      hits.push({
        file: door.file,
        line: door.line,
        severity: door.everyone && worst.hit && callerChooses(worst.hit.dialled) ? 'critical' : undefined,
        title: `${ep.driver} ${q(ep.name)} has no secret${worst.hit ? ' and reaches a trunk' : ''}`,
        explanation: sentences(door.how, worst.sentence),
        fix: ep.driver === 'IAX2'
          ? `Give [${ep.name}] a secret= (or remove it: the sample iax.conf's [guest] is only for public IAX2 calls into a context that reaches no trunk)`
          : `Give [${ep.name}] a strong secret=, or for a carrier trunk matched by address set type=peer with host= its address`,
      });
    }
    return hits;
  },
});
