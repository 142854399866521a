// A PJSIP endpoint anyone can be without a password: the anonymous endpoint
// (res_pjsip_endpoint_identifier_anonymous), one identified by address
// 0.0.0.0/0, or one without auth= that the user-name identifier hands to
// whoever writes its name in From. Critical when its context reaches a trunk.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { callerChooses, q, reachSentence, sentences } from './describe.js';

export const pjsipUnauthenticatedEndpoint = defineAuditCheck({
  meta: {
    id: 'pjsip-unauthenticated-endpoint',
    description: 'PJSIP endpoints anyone can call from without a password (anonymous, identify by 0.0.0.0/0, no auth= with user-name identification); critical when their context reaches a trunk.',
    defaultSeverity: 'warning',
    files: ['pjsip.conf', 'extensions.conf', 'modules.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const ep of pbx.pjsip.endpoints) {
      const door = ep.open.find((d) => d.everyone);
      if (!door) continue;
      const context = ep.contexts[0]!;
      const reach = reachSentence(pbx, context.name);
      const anonymous = ep.name === 'anonymous' || ep.name.startsWith('anonymous@');
      const byName = /identified by user name/.test(door.how);
      hits.push({
        file: door.file,
        line: door.line,
        severity: reach.hit && callerChooses(reach.hit.dialled) ? 'critical' : undefined,
        title: `PJSIP endpoint ${q(ep.name)} takes calls without a password${reach.hit ? ' and reaches a trunk' : ''}`,
        explanation: sentences(`${door.how[0]!.toUpperCase()}${door.how.slice(1)}`, reach.sentence, context.where === null && 'Its context is Asterisk\'s default ("default"): no context= is set'),
        fix: anonymous
          ? `Delete the [${ep.name}] endpoint unless you take calls from anyone on the Internet; if you do, give it a context that reaches only your own extensions and DIDs. With no anonymous calls at all, add "noload => res_pjsip_endpoint_identifier_anonymous.so" to modules.conf`
          : byName
            ? `Add auth= with a strong password to [${ep.name}]; if it is a trunk identified by its address, set identify_by=ip so that a From header cannot claim it`
            : `Match only your carrier's addresses in the identify section (match=203.0.113.10), never 0.0.0.0/0, or require auth=`,
      });
    }
    return hits;
  },
});
