// International and premium-rate numbers open to every phone: when every
// context your authenticated phones start in reaches a trunk Dial that takes
// 011..., 00..., +... or 1900 numbers, there is no class of service, and one
// stolen password calls anywhere.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { matches } from '../pbx/pattern.js';
import type { TrunkHit } from '../pbx/walk.js';
import { at, describePath, q, sentences } from './describe.js';

export const dialplanOpenInternational = defineAuditCheck({
  meta: {
    id: 'dialplan-open-international',
    description: 'International and premium-rate patterns (_011., _00., _+., _1900NXXXXXX, _X. ...) reachable from every internal context: no class of service.',
    defaultSeverity: 'warning',
    files: ['extensions.conf', 'pjsip.conf', 'sip.conf', 'iax.conf'],
  },
  options: z.object({
    /** Numbers after the international prefix that a pattern must accept to count (+882 satellite, Cuba). */
    internationalProbes: z.array(z.string().regex(/^\d{4,15}$/)).default(['882161234567', '5351234567']),
    /** Premium-rate numbers as dialled at home (NANP 1-900, UK/EU 09...). */
    premiumProbes: z.array(z.string().regex(/^\+?\d{4,15}$/)).default(['19005550123', '09001234567']),
  }),
  check({ pbx, options }) {
    const starts = pbx.internalEntries();
    if (starts.length === 0) return [];
    const bare = [
      ...pbx.settings.internationalPrefixes.flatMap((p) => options.internationalProbes.map((n) => ({ number: `${p}${n}`, kind: 'international' }))),
      ...options.internationalProbes.map((n) => ({ number: `+${n}`, kind: 'international' })),
      ...options.premiumProbes.map((n) => ({ number: n, kind: 'premium-rate' })),
    ];
    // Phones may dial an outside-line digit first (9011...).
    const probes = ['', ...pbx.settings.trunkAccessCodes].flatMap((code) => bare.map((p) => ({ ...p, number: `${code}${p.number}` })));
    const open = (h: TrunkHit) => {
      if (h.dialled.kind !== 'any') return null;
      const patterns = h.dialled.patterns;
      return probes.filter((p) => patterns.every((pat) => matches(pat, p.number)));
    };
    // A dial site every starting context reaches with international numbers open.
    const sites = new Map<string, { hit: TrunkHit; kinds: Set<string> }>();
    for (const [i, s] of starts.entries()) {
      const here = new Map<string, { hit: TrunkHit; kinds: Set<string> }>();
      for (const h of pbx.walkFrom(s.context).hits) {
        const ok = open(h);
        if (!ok?.length) continue;
        const key = at(h.where);
        if (!here.has(key)) here.set(key, { hit: h, kinds: new Set(ok.map((p) => p.kind)) });
      }
      if (i === 0) for (const [k, v] of here) sites.set(k, v);
      else for (const k of [...sites.keys()]) if (!here.has(k)) sites.delete(k);
    }
    const phones = starts.flatMap((s) => s.endpoints.map((e) => e.name));
    const hits: AuditHit[] = [];
    for (const { hit, kinds } of sites.values()) {
      const what = [...kinds].join(' and ');
      hits.push({
        file: hit.where.file,
        line: hit.where.line,
        title: `Every phone can dial ${what} numbers through ${hit.target}`,
        explanation: sentences(
          `${starts.length === 1 ? `Your phones' context ${q(starts[0]!.context)}` : `All ${starts.length} contexts your phones start in (${starts.slice(0, 5).map((s) => q(s.context)).join(', ')})`}${phones.length ? `, used by ${phones.length} endpoint(s) (${phones.slice(0, 5).map((p) => q(p, 20)).join(', ')}${phones.length > 5 ? ' ...' : ''})` : ''}, reach${starts.length === 1 ? 'es' : ''} this trunk with ${what} numbers: ${describePath(hit.path)}`,
          'There is no class of service: one stolen password, or one phone in the wrong hands, can call anywhere at any hour',
        ),
        fix: 'Put international and premium patterns in a context of their own (e.g. [outbound-intl] with exten => _011.) and include it only in the contexts of the phones that need it; the others get a context without it. Keep emergency numbers in every context',
      });
    }
    return hits;
  },
});
