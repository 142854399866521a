// An AMI user without permit= can log in from any address AMI listens on.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { allVars } from '../config/types.js';
import { q, sentences } from './describe.js';
import { amiUsers } from './manager.js';

export const managerNoPermit = defineAuditCheck({
  meta: {
    id: 'manager-no-permit',
    description: 'AMI users without permit= (or acl=): they may log in from any address.',
    defaultSeverity: 'warning',
    files: ['manager.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const u of amiUsers(pbx)) {
      if (allVars(u, 'permit').length > 0 || allVars(u, 'acl').length > 0) continue;
      hits.push({
        file: u.file,
        line: u.line,
        title: `AMI user ${q(u.name)} may log in from any address`,
        explanation: sentences(`[${u.name}] has no permit= line, so its secret is all that stands between any host that reaches AMI and a session that can originate calls`),
        fix: `Add to [${u.name}]: deny=0.0.0.0/0.0.0.0 and permit=127.0.0.1/255.255.255.255 (or the one host that needs it)`,
      });
    }
    return hits;
  },
});
