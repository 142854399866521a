// chan_sip (Asterisk 20 and older) takes calls from callers that match no
// peer unless allowguest=no, and puts them in [general]'s context.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { callerChooses, reachSentence, sentences } from './describe.js';

export const sipAllowguest = defineAuditCheck({
  meta: {
    id: 'sip-allowguest',
    description: 'chan_sip takes guest calls (allowguest is yes by default); critical when the guest context reaches a trunk.',
    defaultSeverity: 'warning',
    files: ['sip.conf', 'extensions.conf', 'modules.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const guest of pbx.sip.filter((e) => e.name === '(guest)')) {
      const reach = reachSentence(pbx, guest.contexts[0]!.name);
      hits.push({
        file: guest.file,
        line: guest.line,
        severity: reach.hit && callerChooses(reach.hit.dialled) ? 'critical' : undefined,
        title: `chan_sip takes calls from anyone (allowguest)${reach.hit ? ' and they reach a trunk' : ''}`,
        explanation: sentences(guest.open[0]!.how, reach.sentence.replace(/^Its calls/, 'Guest calls')),
        fix: 'Set allowguest=no in the [general] section of sip.conf (and alwaysauthreject=yes), then: asterisk -rx "sip reload"',
      });
    }
    return hits;
  },
});
