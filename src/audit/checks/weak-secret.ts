// Passwords an attacker guesses: PJSIP auth passwords, chan_sip and IAX2
// secrets, AMI secrets and ARI passwords, judged by rules (the same as the
// user name, containing it, a common password, digits only, short, shared
// with another account). The finding names the rules, never the password.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { objects, value, lastVar, type Category, type ConfigVar } from '../config/types.js';
import { sectionType } from '../pbx/endpoints.js';
import { trivial, weaknesses } from '../passwords.js';
import { at, q, sentences } from './describe.js';

interface Secret {
  kind: string;
  account: string;
  users: string[];
  v: ConfigVar;
  /** Passwords guessed by SIP/IAX/AMI scanners online, at scale. */
  online: boolean;
}

function secrets(pbx: Parameters<typeof weakSecret.check>[0]['pbx']): Secret[] {
  const out: Secret[] = [];
  for (const [name, cat] of pbx.pjsip.auths) {
    const type = (value(cat, 'auth_type') ?? 'userpass').toLowerCase();
    const v = lastVar(cat, 'password');
    if (!v || !v.value || (type !== 'userpass' && type !== 'digest')) continue;
    const endpoints = pbx.pjsip.endpoints.filter((e) => e.auths?.includes(name)).map((e) => e.name);
    out.push({ kind: 'PJSIP auth', account: name, users: [name, value(cat, 'username') ?? '', ...endpoints], v, online: true });
  }
  const peers = (file: 'sip.conf' | 'iax.conf', kind: string) => {
    for (const cat of objects(pbx.files[file])) {
      if (['general', 'authentication', 'callnumberlimits'].includes(cat.name.toLowerCase())) continue;
      if (!['friend', 'peer', 'user'].includes(sectionType(cat))) continue;
      const v = lastVar(cat, 'secret');
      if (v?.value) out.push({ kind, account: cat.name, users: [cat.name, value(cat, 'username') ?? '', value(cat, 'defaultuser') ?? ''], v, online: true });
    }
  };
  if (pbx.sip.length) peers('sip.conf', 'chan_sip peer');
  if (pbx.iax.length) peers('iax.conf', 'IAX2 peer');
  for (const cat of objects(pbx.files['manager.conf'])) {
    if (cat.name.toLowerCase() === 'general') continue;
    const v = lastVar(cat, 'secret');
    if (v?.value) out.push({ kind: 'AMI user', account: cat.name, users: [cat.name], v, online: true });
  }
  for (const cat of objects(pbx.files['ari.conf']) as Category[]) {
    if (sectionType(cat) !== 'user') continue;
    if ((value(cat, 'password_format') ?? 'plain').toLowerCase() !== 'plain') continue;
    const v = lastVar(cat, 'password');
    if (v?.value) out.push({ kind: 'ARI user', account: cat.name, users: [cat.name], v, online: false });
  }
  return out;
}

export const weakSecret = defineAuditCheck({
  meta: {
    id: 'weak-secret',
    description: 'Guessable passwords (PJSIP auth, chan_sip and IAX2 secrets, AMI, ARI): the rule each one breaks, never the password.',
    defaultSeverity: 'warning',
    files: ['pjsip.conf', 'sip.conf', 'iax.conf', 'manager.conf', 'ari.conf'],
  },
  options: z.object({
    /** Shorter than this is weak: SIP scanners try millions of guesses. */
    minLength: z.number().int().min(4).max(64).default(12),
  }),
  check({ pbx, options, reference }) {
    const hits: AuditHit[] = [];
    const all = secrets(pbx);
    const byValue = new Map<string, Secret[]>();
    for (const s of all) byValue.set(s.v.value, [...(byValue.get(s.v.value) ?? []), s]);
    for (const s of all) {
      const rules = weaknesses(s.v.value, s.users, { minLength: options.minLength, common: reference.commonPasswords });
      const others = byValue.get(s.v.value)!.filter((o) => o !== s);
      if (others.length) rules.push(`it is also the password of ${others.slice(0, 3).map((o) => `${o.kind} ${q(o.account)}`).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}`);
      if (rules.length === 0) continue;
      hits.push({
        file: s.v.file,
        line: s.v.line,
        severity: s.online && trivial(rules) ? 'critical' : undefined,
        title: `Weak password for ${s.kind} ${q(s.account)}`,
        explanation: sentences(
          `The password set at ${at(s.v)}${s.v.inherited ? ' (in a template)' : ''} breaks ${rules.length === 1 ? 'this rule' : 'these rules'}: ${rules.join('; ')}`,
          s.kind !== 'ARI user' && 'Scanners on the Internet try user names with such passwords all day; one that works places calls on your bill',
        ),
        fix: 'Set a random password of at least 16 characters (one from: openssl rand -base64 18) and update the phone or client that uses it',
      });
    }
    return hits;
  },
});
