// CDR -> route -> number -> class -> price: everything enrichment adds, in one
// pure function built once per run from the configuration and reference data.
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import type { PbxClock } from '../time/pbx-clock.js';
import type { Destination, Direction, NumberKind, OutboundCall, Price } from './call.js';
import { createRouter, type Route } from './direction.js';

export interface EnrichmentParts {
  normalise(dialled: string): { e164: string | null; kind: NumberKind };
  classify(e164: string | null, kind: NumberKind, dialled: string): Destination;
  price(destination: Destination, billsec: number): Price;
}

export type Enriched =
  | { direction: 'outbound'; call: OutboundCall }
  | { direction: Exclude<Direction, 'outbound'>; route: Route };

export function createEnricher(pbx: PbxConfig, clock: PbxClock, parts: EnrichmentParts): (cdr: Cdr) => Enriched {
  const route = createRouter(pbx);
  const open = toSeconds(pbx.businessHours.start);
  const close = toSeconds(pbx.businessHours.end);
  const businessDays = new Set(pbx.businessHours.days);

  return (cdr) => {
    const r = route(cdr);
    if (r.direction !== 'outbound') return { direction: r.direction, route: r };
    const number = parts.normalise(r.dialled);
    const destination = parts.classify(number.e164, number.kind, r.dialled);
    const local = clock.local(cdr.start);
    const answered = cdr.disposition === 'ANSWERED' && cdr.billsec > 0;
    const call: OutboundCall = {
      extension: r.identity!.endpoint,
      technology: r.identity!.technology,
      accountcode: cdr.accountcode,
      start: cdr.start,
      end: cdr.end,
      day: local.day,
      secondOfDay: local.secondOfDay,
      weekday: local.weekday,
      afterHours: !businessDays.has(local.weekday) || local.secondOfDay < open || local.secondOfDay >= close,
      answered,
      billsec: cdr.billsec,
      duration: cdr.duration,
      disposition: cdr.disposition,
      destination,
      price: parts.price(destination, answered ? cdr.billsec : 0),
      suspiciousContext: r.suspiciousContext,
      clid: cdr.clid,
      src: cdr.src,
      dcontext: cdr.dcontext,
      channel: cdr.channel,
      uniqueid: cdr.uniqueid,
      origin: cdr.origin,
    };
    return { direction: 'outbound', call };
  };
}

function toSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 3600 + m * 60;
}
