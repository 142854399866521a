// allow_unauthenticated_options=yes answers OPTIONS without a challenge, so a
// scanner learns which endpoint names exist before it guesses passwords.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { isTrue, lastVar } from '../config/types.js';
import { at, q, sentences } from './describe.js';

export const pjsipUnauthenticatedOptions = defineAuditCheck({
  meta: {
    id: 'pjsip-unauthenticated-options',
    description: 'PJSIP endpoints with allow_unauthenticated_options=yes (OPTIONS answered without a challenge: endpoint names can be enumerated).',
    defaultSeverity: 'warning',
    files: ['pjsip.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    const cats = pbx.files['pjsip.conf']?.categories ?? [];
    for (const ep of pbx.pjsip.endpoints) {
      const cat = cats.find((c) => !c.template && c.name === ep.name && c.file === ep.file && c.line === ep.line);
      const v = cat && lastVar(cat, 'allow_unauthenticated_options');
      if (!v || !isTrue(v.value)) continue;
      hits.push({
        file: v.file,
        line: v.line,
        title: `PJSIP endpoint ${q(ep.name)} answers OPTIONS without a password`,
        explanation: sentences(`allow_unauthenticated_options=${v.value} at ${at(v)}${v.inherited ? ' (from a template)' : ''}: anyone can send OPTIONS for ${q(ep.name)} and is answered without a challenge, which tells a scanner the name exists before it starts guessing the password`),
        fix: 'Remove allow_unauthenticated_options (the default is no); phones and trunks that qualify with OPTIONS answer challenges',
      });
    }
    return hits;
  },
});
