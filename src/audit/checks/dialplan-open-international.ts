// International and premium-rate numbers open to every phone: when every
// context your authenticated phones start in sends a sample international or
// premium number (011 882..., 00 53..., +882..., 1 900...) to a trunk, there
// is no class of service, and one stolen password calls anywhere. Each sample
// number is walked as Asterisk would route it (most specific pattern first).
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import type { TrunkHit } from '../pbx/walk.js';
import { at, describePath, q, sentences } from './describe.js';

export const dialplanOpenInternational = defineAuditCheck({
  meta: {
    id: 'dialplan-open-international',
    description: 'International and premium-rate numbers (_011., _00., _+., _1900NXXXXXX, _X. ...) reaching a trunk from every internal context: no class of service.',
    defaultSeverity: 'warning',
    files: ['extensions.conf', 'pjsip.conf', 'sip.conf', 'iax.conf'],
  },
  options: z.object({
    /** Numbers after the international prefix that are tried (+882 satellite, Cuba). */
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
    // Trunk Dials every starting context sends some sample number to.
    let common: Map<string, { hit: TrunkHit; kinds: Set<string>; numbers: Set<string> }> | null = null;
    for (const s of starts) {
      const here = new Map<string, { hit: TrunkHit; kinds: Set<string>; numbers: Set<string> }>();
      for (const p of probes) {
        for (const h of pbx.walkFrom(s.context, { kind: 'fixed', value: p.number }).hits) {
          const key = at(h.where);
          const e = here.get(key) ?? { hit: h, kinds: new Set<string>(), numbers: new Set<string>() };
          e.kinds.add(p.kind);
          e.numbers.add(p.number);
          here.set(key, e);
        }
      }
      if (common === null) common = here;
      else for (const k of [...common.keys()]) if (!here.has(k)) common.delete(k);
    }
    const phones = starts.flatMap((s) => s.endpoints.map((e) => e.name));
    const hits: AuditHit[] = [];
    for (const { hit, kinds, numbers } of common?.values() ?? []) {
      const what = [...kinds].join(' and ');
      hits.push({
        file: hit.where.file,
        line: hit.where.line,
        title: `Every phone can dial ${what} numbers through ${hit.target}`,
        explanation: sentences(
          `${starts.length === 1 ? `Your phones' context ${q(starts[0]!.context)}` : `Each of the ${starts.length} contexts your phones start in (${starts.slice(0, 5).map((s) => q(s.context)).join(', ')})`}${phones.length ? `, used by ${phones.length} endpoint(s) (${phones.slice(0, 5).map((p) => q(p, 20)).join(', ')}${phones.length > 5 ? ' ...' : ''})` : ''}, sends ${what} numbers to this trunk (tried: ${[...numbers].slice(0, 4).join(', ')})`,
          `The way ${hit.dialled.kind === 'fixed' ? hit.dialled.value : 'they'} went: ${describePath(hit.path)}`,
          'There is no class of service: one stolen password, or one phone in the wrong hands, can call anywhere at any hour',
        ),
        fix: 'Put international and premium patterns in a context of their own (e.g. [outbound-intl] with exten => _011.) and include it only in the contexts of the phones that need it; block premium ranges (exten => _1900NXXXXXX,1,Congestion()) where national calls are open. Keep emergency numbers in every context',
      });
    }
    return hits;
  },
});
