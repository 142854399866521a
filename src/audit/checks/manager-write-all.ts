// write=all gives an AMI user every action, including system (restart,
// config), originate and command (any CLI command).
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { allVars } from '../config/types.js';
import { at, q, sentences } from './describe.js';
import { amiUsers, classes } from './manager.js';

export const managerWriteAll = defineAuditCheck({
  meta: {
    id: 'manager-write-all',
    description: 'AMI users with write = all.',
    defaultSeverity: 'warning',
    files: ['manager.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const u of amiUsers(pbx)) {
      if (!classes(u, 'write').has('all')) continue;
      const v = allVars(u, 'write').find((x) => /(^|,)\s*all\s*(,|$)/i.test(x.value))!;
      hits.push({
        file: v.file,
        line: v.line,
        title: `AMI user ${q(u.name)} may do everything (write = all)`,
        explanation: sentences(`write=${v.value} at ${at(v)}: whoever has this secret can originate calls to any number, run any CLI command and change the configuration`),
        fix: `List only the classes [${u.name}] needs (tollguard's own user needs write = system,call and command for "tollguard lockout list")`,
      });
    }
    return hits;
  },
});
