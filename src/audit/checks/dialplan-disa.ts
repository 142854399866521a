// DISA gives the caller a dial tone in another context. DISA(no-password,...)
// gives it to anyone who reaches that priority.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { splitTop } from '../pbx/apps.js';
import { callerChooses, q, reachSentence, sentences } from './describe.js';

export const dialplanDisa = defineAuditCheck({
  meta: {
    id: 'dialplan-disa',
    description: 'DISA without a password (no-password or empty); critical when its context reaches a trunk.',
    defaultSeverity: 'warning',
    files: ['extensions.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const ctx of pbx.dialplan.contexts.values()) {
      for (const ext of ctx.extensions) {
        for (const p of ext.priorities) {
          if (p.app.toLowerCase() !== 'disa') continue;
          const [pass, context] = splitTop(p.data, ',').map((s) => s.trim());
          if (pass && pass.toLowerCase() !== 'no-password') continue;
          const target = context || 'disa';
          const reach = reachSentence(pbx, target);
          hits.push({
            file: p.file,
            line: p.line,
            severity: reach.hit && callerChooses(reach.hit.dialled) ? 'critical' : undefined,
            title: `DISA without a password in [${ctx.name}] exten ${ext.name}`,
            explanation: sentences(`Whoever reaches ${q(ctx.name)}, exten ${ext.name}, priority ${p.priority} gets a dial tone with no password asked`, reach.sentence.replace(/^Its calls start/, 'Their calls continue')),
            fix: 'Give DISA a passcode file (DISA(/etc/asterisk/disa-passcodes.txt,...) with long random codes), or remove it',
          });
        }
      }
    }
    return hits;
  },
});
