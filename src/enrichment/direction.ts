// Which way a CDR went and, for outbound calls, the digits that reached the
// trunk. Asterisk writes several CDRs per call (the caller's own record, the
// far side of its Dial, Originate's outgoing leg); only the caller's own
// record is its outbound call. Any record that dials a trunk is an outbound
// call the PBX pays for, whoever the caller: an extension, a PSTN caller sent
// out again on the trunk (hairpin, DISA), a Local channel's forward.
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import type { Direction } from './call.js';
import { detach } from '../text/detach.js';
import { contextMatcher, createChannelParser, memoByContext, type ChannelIdentity } from './identity.js';

/** Who placed an outbound call, as far as its own CDR tells: an extension (or guest), a trunk's inbound leg, a Local channel. */
export type CallerKind = 'extension' | 'trunk' | 'local';

export interface Route {
  direction: Direction;
  identity: ChannelIdentity | null;
  /** Outbound only: digits as sent to the trunk (from the Dial string) or as dialled (dst). */
  dialled: string;
  /** Outbound only: the dcontext, when the call reached a trunk from outside the internal contexts or from a guest endpoint. */
  suspiciousContext: string | null;
}

export interface DialTarget {
  /** Trunk, peer or host named in the dial string. */
  trunk: string;
  number: string;
}

const NUMBER = /^\+?\d+$/;

/**
 * The external number in a Dial() argument, if it dials one:
 *   IAX2/carrier:secret@127.0.0.1/12125551234,30   SIP/mytrunk/0044...
 *   PJSIP/12125551234@mytrunk   PJSIP/mytrunk/sip:12125551234@host   DAHDI/g0/911
 *   Local/12125551234@from-internal
 * A plain endpoint (PJSIP/1002) dials no number.
 */
export function parseDialString(lastdata: string, isTrunk: (name: string) => boolean, maxExtensionDigits: number): DialTarget | null {
  const targets = (lastdata.split(',', 1)[0] ?? '').split('&');
  for (const target of targets) {
    const slash = target.indexOf('/');
    if (slash <= 0) continue;
    const tech = target.slice(0, slash);
    const resource = target.slice(slash + 1);
    const path = resource.lastIndexOf('/');
    if (path > 0) {
      // TECH/peer/number: always a trunk dial, even to 911.
      const peer = resource.slice(0, resource.indexOf('/'));
      const number = resource.slice(path + 1).replace(/^sips?:/, '').replace(/@.*$/, '');
      if (NUMBER.test(number)) return { trunk: peerName(peer), number };
      continue;
    }
    const at = resource.indexOf('@');
    if (at > 0) {
      const number = resource.slice(0, at);
      const peer = resource.slice(at + 1);
      if (NUMBER.test(number) && (number.length > maxExtensionDigits || (tech !== 'Local' && isTrunk(peer)))) {
        return { trunk: tech === 'Local' ? `Local/${peer}` : peer, number };
      }
    }
  }
  return null;
}

/** IAX2's "user:secret@host" names the peer by its user; never keep the secret. */
function peerName(peer: string): string {
  const at = peer.lastIndexOf('@');
  const user = at >= 0 ? peer.slice(0, at) : peer;
  return user.split(':', 1)[0] || peer.slice(at + 1);
}

/** What a route decision found besides its direction; one object reused row after row. */
export interface RouteScratch {
  identity: ChannelIdentity | null;
  dialled: string;
  /** Outbound through Dial: the (shared, frozen) target `dialled` came from; null otherwise. */
  dial: DialTarget | null;
  suspiciousContext: string | null;
  /** Outbound: who placed it (the channel's identity says which extension, trunk or Local channel). */
  from: CallerKind;
}

/** A Dial() of a Local channel: its own CDR (the ;2 half's) is the call that may reach a trunk. */
export function isLocalTarget(dial: DialTarget): boolean {
  return dial.trunk.startsWith('Local/');
}

/** What the route decision needs to know of a dcontext, as bits. */
const INTERNAL = 1;
const FROM_TRUNK = 2;
const LOCKED = 4;
/** What [tollguard-locked] writes into the userfield: "tollguard-locked:NUMBER". */
const LOCKED_USERFIELD = 'tollguard-locked:';

/** Bound on the dial-string cache (and caches keyed by its targets); cleared when full. */
export const DIAL_CACHE_LIMIT = 100_000;

/**
 * The route decision without allocating: returns the direction and writes the
 * identity (and, for outbound, the dialled digits, who placed it and the
 * suspicious context) into `out`. A pure function of the row and the
 * configuration, for the CDR hot path; createRouter builds Route objects on top of it.
 */
export function createRouteDecider(pbx: PbxConfig): (cdr: Cdr, out: RouteScratch) => Direction {
  const trunks = new Set(pbx.trunks);
  const isTrunk = (name: string) => trunks.has(name);
  const internal = contextMatcher(pbx.internalContexts);
  const fromTrunk = contextMatcher(pbx.trunkContexts);
  const locked = contextMatcher(pbx.lockedContexts);
  // One memo lookup per row for all three.
  const contextOf = memoByContext((c) => (internal(c) ? INTERNAL : 0) | (fromTrunk(c) ? FROM_TRUNK : 0) | (locked(c) ? LOCKED : 0));
  const guests = new Set(pbx.guestEndpoints);
  const maxDigits = pbx.extensionMaxDigits;
  const parseChannel = createChannelParser();
  // The same Dial() arguments come back call after call: parse each once.
  const dials = new Map<string, DialTarget | null>();
  const dialOf = (lastdata: string): DialTarget | null => {
    if (dialsNoNumber(lastdata)) return null;
    let d = dials.get(lastdata);
    if (d === undefined) {
      d = parseDialString(lastdata, isTrunk, maxDigits);
      if (d !== null) d = Object.freeze({ trunk: detach(d.trunk), number: detach(d.number) });
      if (dials.size >= DIAL_CACHE_LIMIT) dials.clear();
      dials.set(detach(lastdata), d);
    }
    return d;
  };

  /** dst as an external number (separators dropped), or null when it looks like an extension or feature code. */
  const externalNumber = (dst: string): string | null => {
    // Separators only shorten dst: a short one without "+" (an extension) needs no regex.
    if (dst.length <= maxDigits && !dst.includes('+')) return null;
    const digits = dst.replace(/[\s().-]/g, '');
    return NUMBER.test(digits) && (digits.length > maxDigits || digits.startsWith('+')) ? digits : null;
  };

  return (cdr, out) => {
    const identity = parseChannel(cdr.channel);
    out.identity = identity;
    out.dialled = '';
    out.dial = null;
    out.suspiciousContext = null;
    out.from = 'extension';
    // AppDial/AppDial2: this channel is the far side of someone's Dial or an Originate.
    if (!identity || cdr.lastapp === 'AppDial' || cdr.lastapp === 'AppDial2') return 'leg';
    const context = contextOf(cdr.dcontext);
    const dial = cdr.lastapp === 'Dial' ? dialOf(cdr.lastdata) : null;
    const local = dial !== null && isLocalTarget(dial);

    // A Local channel's own record (a forward, follow-me, ring group member): outbound when it
    // reached a trunk, counted once it is paired with the call that created it (forwards.ts).
    if (identity.technology === 'Local') {
      if (context & LOCKED && cdr.lastapp !== 'Dial') return 'blocked';
      if (cdr.dcontext === '' && cdr.dst === 's') return 'leg';
      out.from = 'local';
      // A Local channel dialling another: the inner one's record is the call out.
      if (local) return 'internal';
      if (dial) {
        out.dialled = dial.number;
        out.dial = dial;
        return 'outbound';
      }
      const number = context & INTERNAL ? externalNumber(cdr.dst) : null;
      if (number === null) return 'internal';
      out.dialled = number;
      return 'outbound';
    }

    // Came in on a trunk: inbound, unless it went out again through a trunk (hairpin, DISA,
    // an inbound context that includes the outbound routes). Through a Local channel, that
    // channel's own record is the call out.
    if (trunks.has(identity.endpoint) || context & FROM_TRUNK) {
      if (dial === null || local) return 'inbound';
      out.from = 'trunk';
      out.dialled = dial.number;
      out.dial = dial;
      return 'outbound';
    }
    // Only the lockout context makes a call "blocked": a userfield can be set by the dialplan, and a
    // call that went on to Dial a trunk was not blocked, whatever its context says. FreePBX's predial
    // hook is the exception: it runs in a Gosub, and Asterisk keeps the CDR's dcontext (from-internal)
    // when a Gosub jumps to [tollguard-locked] (seen on 22.7, test/fixtures/asterisk-22.7-freepbx-hook),
    // so there the record is known by what that context alone writes: Congestion and its userfield.
    if (cdr.lastapp !== 'Dial' && (context & LOCKED || (cdr.lastapp === 'Congestion' && cdr.userfield.startsWith(LOCKED_USERFIELD)))) return 'blocked';
    if (cdr.dcontext === '' && cdr.dst === 's') return 'leg';

    const guest = guests.has(identity.endpoint) || identity.byAddress;
    const fromInside = (context & INTERNAL) !== 0;
    const suspicious = guest || !fromInside ? cdr.dcontext || '(no context)' : null;
    if (dial) {
      // Calling another extension (or group) whose forward dialled out through a Local channel is
      // not this extension's call: the Local channel's record counts it. Dialling a number through one is.
      if (local && externalNumber(cdr.dst) === null) return 'internal';
      out.dialled = dial.number;
      out.dial = dial;
      out.suspiciousContext = suspicious;
      return 'outbound';
    }
    // An attempt that never reached Dial (no route, Goto, Congestion) still counts
    // when an extension dialled an external-looking number from an internal context.
    const number = fromInside || guest ? externalNumber(cdr.dst) : null;
    if (number === null) return 'internal';
    out.dialled = number;
    out.suspiciousContext = suspicious;
    return 'outbound';
  };
}

/**
 * True when parseDialString must return null because no target has an "@" or
 * a second "/" (PJSIP/1002,20 or PJSIP/1002&PJSIP/1003): an internal call,
 * known without a cache lookup.
 */
function dialsNoNumber(lastdata: string): boolean {
  let slashes = 0;
  for (let i = 0; i < lastdata.length; i++) {
    const c = lastdata.charCodeAt(i);
    if (c === 44) break; // ,
    if (c === 64) return false; // @
    if (c === 38) slashes = 0; // & starts the next target
    else if (c === 47 && ++slashes > 1) return false; // /
  }
  return true;
}

export function createRouter(pbx: PbxConfig): (cdr: Cdr) => Route {
  const decide = createRouteDecider(pbx);
  const scratch: RouteScratch = { identity: null, dialled: '', dial: null, suspiciousContext: null, from: 'extension' };
  return (cdr) => {
    const direction = decide(cdr, scratch);
    return { direction, identity: scratch.identity, dialled: scratch.dialled, suspiciousContext: scratch.suspiciousContext };
  };
}
