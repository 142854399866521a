// allow_unauthenticated_options=yes answers OPTIONS without a challenge, so a
// scanner learns which endpoint names exist before it guesses passwords.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { isTrue, lastVar, type ConfigVar } from '../config/types.js';
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
    const cats = pbx.files['pjsip.conf']?.categories ?? [];
    // One finding per line that says it, naming the endpoints (a template line covers many).
    const byLine = new Map<string, { v: ConfigVar; names: string[] }>();
    for (const ep of pbx.pjsip.endpoints) {
      const cat = cats.find((c) => !c.template && c.name === ep.name && c.file === ep.file && c.line === ep.line);
      const v = cat && lastVar(cat, 'allow_unauthenticated_options');
      if (!v || !isTrue(v.value)) continue;
      const e = byLine.get(at(v)) ?? { v, names: [] };
      e.names.push(ep.name);
      byLine.set(at(v), e);
    }
    const hits: AuditHit[] = [];
    for (const { v, names } of byLine.values()) {
      const who = names.length === 1 ? `PJSIP endpoint ${q(names[0]!)}` : `${names.length} PJSIP endpoints (${names.slice(0, 5).map((n) => q(n)).join(', ')}${names.length > 5 ? ' ...' : ''})`;
      hits.push({
        file: v.file,
        line: v.line,
        title: `${who} answer${names.length === 1 ? 's' : ''} OPTIONS without a password`,
        explanation: sentences(`allow_unauthenticated_options=${v.value} at ${at(v)}${v.inherited ? ' (a template)' : ''} applies to ${who}: anyone can send them OPTIONS and is answered without a challenge, which tells a scanner a name exists before it starts guessing the password`),
        fix: 'Remove allow_unauthenticated_options (the default is no); phones and trunks that qualify with OPTIONS answer challenges',
      });
    }
    return hits;
  },
});
