// CDR -> route -> number -> class -> price: everything enrichment adds, in one
// pure function built once per run from the configuration and reference data.
// Results are shared between rows (frozen): callers must not modify them.
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import type { PbxClock } from '../time/pbx-clock.js';
import type { Destination, Direction, OutboundCall, Price } from './call.js';
import { createRouteDecider, DIAL_CACHE_LIMIT, type DialTarget, type Route, type RouteScratch } from './direction.js';
import type { ChannelIdentity } from './identity.js';

export interface EnrichmentParts {
  /** Dialled digits -> E.164 -> class: createDestinationResolver, cached by the digits (results are frozen and shared). */
  destination(dialled: string): Destination;
  price(destination: Destination, billsec: number): Price;
}

export type Enriched =
  | { direction: 'outbound'; call: OutboundCall }
  | { direction: Exclude<Direction, 'outbound'>; route: Route };

export function createEnricher(pbx: PbxConfig, clock: PbxClock, parts: EnrichmentParts): (cdr: Cdr) => Enriched {
  const decide = createRouteDecider(pbx);
  const scratch: RouteScratch = { identity: null, dialled: '', dial: null, suspiciousContext: null };
  // Calls through Dial carry the decider's shared DialTarget: keyed by that
  // object, a destination costs an identity lookup instead of a string hash.
  const byDial = new Map<DialTarget, Destination>();
  const destinationOf = (dial: DialTarget | null, dialled: string): Destination => {
    if (dial === null) return parts.destination(dialled);
    let d = byDial.get(dial);
    if (d === undefined) {
      d = parts.destination(dialled);
      if (byDial.size >= DIAL_CACHE_LIMIT) byDial.clear();
      byDial.set(dial, d);
    }
    return d;
  };
  const time = { secondOfDay: 0, weekday: 0 };
  const open = toSeconds(pbx.businessHours.start);
  const close = toSeconds(pbx.businessHours.end);
  const businessDays = new Set(pbx.businessHours.days);
  // Rows that are not outbound calls need only their direction and identity:
  // one shared, frozen answer per endpoint and direction.
  const others = new Map<ChannelIdentity | null, Partial<Record<Direction, Enriched>>>();
  const other = (direction: Exclude<Direction, 'outbound'>, identity: ChannelIdentity | null): Enriched => {
    let byDirection = others.get(identity);
    if (byDirection === undefined) {
      if (others.size >= 50_000) others.clear();
      others.set(identity, (byDirection = {}));
    }
    return (byDirection[direction] ??= Object.freeze({ direction, route: Object.freeze({ direction, identity, dialled: '', suspiciousContext: null }) }));
  };

  return (cdr) => {
    const direction = decide(cdr, scratch);
    if (direction !== 'outbound') return other(direction, scratch.identity);
    const identity = scratch.identity!;
    const destination = destinationOf(scratch.dial, scratch.dialled);
    const day = clock.localInto(cdr.start, time);
    const secondOfDay = time.secondOfDay;
    const weekday = time.weekday;
    const answered = cdr.disposition === 'ANSWERED' && cdr.billsec > 0;
    const call: OutboundCall = {
      extension: identity.endpoint,
      technology: identity.technology,
      accountcode: cdr.accountcode,
      start: cdr.start,
      end: cdr.end,
      day,
      secondOfDay,
      weekday,
      afterHours: !businessDays.has(weekday) || secondOfDay < open || secondOfDay >= close,
      answered,
      billsec: cdr.billsec,
      duration: cdr.duration,
      disposition: cdr.disposition,
      destination,
      price: parts.price(destination, answered ? cdr.billsec : 0),
      suspiciousContext: scratch.suspiciousContext,
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
