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
  if (pbx.modules.loaded('chan_sip.so')) peers('sip.conf', 'chan_sip');
  if (pbx.modules.loaded('chan_iax2.so')) peers('iax.conf', 'IAX2');
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
    const all = secrets(pbx);
    const byValue = new Map<string, Secret[]>();
    for (const s of all) byValue.set(s.v.value, [...(byValue.get(s.v.value) ?? []), s]);
    // Accounts breaking the same rules make one finding, so 200 phones with weak passwords do not make 200.
    const groups = new Map<string, { kind: string; rules: string[]; shared: boolean; items: Secret[] }>();
    for (const s of all) {
      const rules = weaknesses(s.v.value, s.users, { minLength: options.minLength, common: reference.commonPasswords });
      const shared = byValue.get(s.v.value)!.length > 1;
      if (rules.length === 0 && !shared) continue;
      const key = `${s.kind}\0${rules.join('\0')}\0${shared}`;
      const g = groups.get(key) ?? { kind: s.kind, rules, shared, items: [] };
      g.items.push(s);
      groups.set(key, g);
    }
    const hits: AuditHit[] = [];
    for (const g of groups.values()) {
      const first = g.items[0]!;
      const names = g.items.slice(0, 10).map((s) => `${q(s.account)} (${at(s.v)}${s.v.inherited ? ', in a template' : ''})`);
      if (g.items.length > 10) names.push(`and ${g.items.length - 10} more`);
      const rules = g.shared ? [...g.rules, 'it is also the password of another account'] : g.rules;
      const one = g.items.length === 1;
      hits.push({
        file: first.v.file,
        line: first.v.line,
        severity: first.online && trivial(rules) ? 'critical' : undefined,
        title: one ? `Weak password for ${g.kind} ${q(first.account)}` : `Weak passwords for ${g.items.length} ${g.kind.replace(/ (user|auth)$/, "")} accounts`,
        explanation: sentences(
          `${one ? 'The password' : 'The passwords'} of ${g.kind} ${names.join(', ')} ${one ? 'breaks' : 'break'} ${rules.length === 1 ? 'this rule' : 'these rules'}: ${rules.join('; ')}`,
          first.online && 'Scanners on the Internet try user names with such passwords all day; one that works places calls on your bill',
        ),
        fix: 'Set a random password of at least 16 characters for each (one from: openssl rand -base64 18), different for every account, and update the phone or client that uses it',
      });
    }
    return hits;
  },
});
