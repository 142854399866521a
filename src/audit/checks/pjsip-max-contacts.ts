// An AOR that takes several registrations and keeps the old ones: a stolen
// password registers one more "phone" next to the real one and nobody notices.
// With max_contacts=1 and remove_existing=yes the newcomer replaces the phone.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { isTrue, lastVar } from '../config/types.js';
import { at, q, sentences } from './describe.js';

export const pjsipMaxContacts = defineAuditCheck({
  meta: {
    id: 'pjsip-max-contacts',
    description: 'PJSIP AORs with max_contacts above 1 and remove_existing=no: a second registration with a stolen password goes unnoticed.',
    defaultSeverity: 'warning',
    files: ['pjsip.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const aor of pbx.pjsip.aors) {
      const max = lastVar(aor, 'max_contacts');
      const n = max ? Number.parseInt(max.value, 10) : 0;
      if (!max || !(n > 1)) continue;
      const remove = lastVar(aor, 'remove_existing');
      if (isTrue(remove?.value)) continue;
      hits.push({
        file: max.file,
        line: max.line,
        title: `PJSIP AOR ${q(aor.name)} takes ${n} registrations and keeps old ones`,
        explanation: sentences(
          `max_contacts=${n} at ${at(max)} with remove_existing=${remove ? `${remove.value} at ${at(remove)}` : 'no (the default)'}`,
          'Someone with the password can register a device of their own next to the real phone; both stay registered, so the owner notices nothing while calls go out in their name',
        ),
        fix: 'Set max_contacts=1 and remove_existing=yes unless this extension really has several phones; then a new registration replaces the old one and the real phone stops working, which its owner reports',
      });
    }
    return hits;
  },
});
