// CDR -> route -> number -> class -> price: everything enrichment adds, in one
// pure function built once per run from the configuration and reference data.
// Results are shared between rows (frozen): callers must not modify them.
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import type { PbxClock } from '../time/pbx-clock.js';
import type { Caller, Destination, Direction, LocalLeg, OutboundCall, Price } from './call.js';
import { extensionKey, trunkCaller } from './caller.js';
import { createRouteDecider, DIAL_CACHE_LIMIT, type DialTarget, type Route, type RouteScratch } from './direction.js';
import type { ChannelIdentity } from './identity.js';
import { detach } from '../text/detach.js';

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
  const scratch: RouteScratch = { identity: null, dialled: '', dial: null, suspiciousContext: null, from: 'extension' };
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

  // Who a call is counted for: shared per endpoint (and context, for a trunk).
  const keys = new Map<ChannelIdentity, string>();
  const keyOf = (identity: ChannelIdentity): string => {
    let key = keys.get(identity);
    if (key === undefined) {
      if (keys.size >= 50_000) keys.clear();
      keys.set(identity, (key = extensionKey(identity.endpoint)));
    }
    return key;
  };
  const trunkCallers = new Map<ChannelIdentity, Map<string, { key: string; caller: Caller }>>();
  const trunkCallerOf = (identity: ChannelIdentity, context: string): { key: string; caller: Caller } => {
    let byContext = trunkCallers.get(identity);
    if (byContext === undefined) {
      if (trunkCallers.size >= 10_000) trunkCallers.clear();
      trunkCallers.set(identity, (byContext = new Map()));
    }
    let c = byContext.get(context);
    if (c === undefined) byContext.set(detach(context), (c = trunkCaller(identity.endpoint, detach(context))));
    return c;
  };

  return (cdr) => {
    const direction = decide(cdr, scratch);
    if (direction !== 'outbound') return other(direction, scratch.identity);
    const identity = scratch.identity!;
    let extension = '';
    let caller: Caller | null = null;
    let local: LocalLeg | undefined;
    if (scratch.from === 'extension') extension = keyOf(identity);
    else if (scratch.from === 'trunk') ({ key: extension, caller } = trunkCallerOf(identity, cdr.dcontext));
    else local = localLeg(identity, cdr);
    const destination = destinationOf(scratch.dial, scratch.dialled);
    const day = clock.localInto(cdr.start, time);
    const secondOfDay = time.secondOfDay;
    const weekday = time.weekday;
    const answered = cdr.disposition === 'ANSWERED' && cdr.billsec > 0;
    const call: OutboundCall = {
      extension,
      caller,
      trunk: scratch.dial?.trunk ?? null,
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
    if (local) call.local = local;
    return { direction: 'outbound', call };
  };
}

/** A Local channel's call, to be paired with the call that created it ("Local/0115351234567@outbound-00000000;2"). */
function localLeg(identity: ChannelIdentity, cdr: Cdr): LocalLeg {
  // Asterisk splits a Local channel's "exten@context" at the first "@".
  const at = identity.endpoint.indexOf('@');
  return {
    channel: cdr.channel.replace(/;[12]$/, ''),
    exten: at < 0 ? identity.endpoint : identity.endpoint.slice(0, at),
    context: at < 0 ? '' : identity.endpoint.slice(at + 1),
    linkedid: cdr.linkedid,
    did: cdr.did ?? '',
    ...(cdr.cnum ? { cnum: cdr.cnum } : {}),
  };
}

function toSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 3600 + m * 60;
}
