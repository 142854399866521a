// IAX2 auth=plaintext sends the secret in the clear; chan_iax2 warns that the
// method is deprecated.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { allVars, objects } from '../config/types.js';
import { at, q, sentences } from './describe.js';

export const iaxPlaintextAuth = defineAuditCheck({
  meta: {
    id: 'iax-plaintext-auth',
    description: 'IAX2 auth=plaintext: the secret crosses the network in the clear.',
    defaultSeverity: 'warning',
    files: ['iax.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    if (!pbx.files['iax.conf']?.present || !pbx.modules.loaded('chan_iax2.so')) return [];
    const hits: AuditHit[] = [];
    for (const cat of objects(pbx.files['iax.conf'])) {
      for (const v of allVars(cat, 'auth')) {
        if (!/plaintext/i.test(v.value)) continue;
        hits.push({
          file: v.file,
          line: v.line,
          title: cat.name.toLowerCase() === 'general' ? 'IAX2 allows plaintext authentication for every account ([general] auth)' : `IAX2 ${q(cat.name)} allows plaintext authentication`,
          explanation: sentences(`auth=${v.value} at ${at(v)}${v.inherited ? ' (from a template)' : ''}: the secret is sent in the clear, so anyone on the path reads it and can call as this account`),
          fix: 'Use auth=md5 (or rsa with keys) and drop plaintext',
        });
      }
    }
    return hits;
  },
});
