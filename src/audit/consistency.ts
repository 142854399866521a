// Where tollguard's own settings contradict the PBX's configuration, for
// `tollguard config check`: contexts the phones' trunk calls are recorded in
// (the CDR's dcontext) that INTERNAL_CONTEXTS does not list, unauthenticated
// callers whose trunk calls it does list, and the CDR time zone. Pure.
import { cdrGmt } from './checks/cdr-gmt.js';
import { at, callerChooses, clean, q } from './checks/describe.js';
import type { Pbx } from './pbx/model.js';

export function contradictions(pbx: Pbx, guestEndpoints: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const start of pbx.internalEntries()) {
    for (const hit of pbx.walkFrom(start.context).hits) {
      if (pbx.isInternal(hit.dcontext) || seen.has(hit.dcontext)) continue;
      seen.add(hit.dcontext);
      const who = start.endpoints.length ? start.endpoints.slice(0, 3).map((e) => `${e.driver}/${clean(e.name, 30)}`).join(', ') : `context ${q(start.context)}`;
      out.push(`INTERNAL_CONTEXTS does not list ${q(hit.dcontext)}, the context your phones' trunk calls are recorded in (calls from ${who} reach the trunk at ${at(hit.where)}): tollguard would take them for calls from outside (suspicious-context, critical); add it to INTERNAL_CONTEXTS`);
    }
  }
  const guests = new Set(guestEndpoints);
  const flagged = new Set<string>();
  for (const entry of pbx.entries()) {
    for (const hit of pbx.walkFrom(entry.context).hits) {
      if (!callerChooses(hit.dialled) || !pbx.isInternal(hit.dcontext) || flagged.has(hit.dcontext)) continue;
      const doors = entry.doors.filter((d) => !d.endpoint || !guests.has(d.endpoint.name));
      if (doors.length === 0) continue;
      flagged.add(hit.dcontext);
      out.push(`INTERNAL_CONTEXTS lists ${q(hit.dcontext)}, but calls nobody authenticated reach the trunk recorded in it too (${doors[0]!.how}, ${at(doors[0]!)}): tollguard cannot tell them from your phones' calls; see "tollguard audit"`);
    }
  }
  const options = cdrGmt.options.parse({});
  for (const hit of cdrGmt.check({ pbx, options, severity: 'warning', reference: { commonPasswords: new Set() } })) out.push(`${hit.title} (${at(hit)}): ${hit.fix}`);
  return out;
}
