// Which way a CDR went and, for outbound calls, the digits that reached the
// trunk. Asterisk writes several CDRs per call (the extension's own record, the
// far side of its Dial, Originate's outgoing leg); only the extension's own
// record is its outbound call.
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import type { Direction } from './call.js';
import { contextMatcher, parseChannel, type ChannelIdentity } from './identity.js';

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

export function createRouter(pbx: PbxConfig): (cdr: Cdr) => Route {
  const trunks = new Set(pbx.trunks);
  const isTrunk = (name: string) => trunks.has(name);
  const internal = contextMatcher(pbx.internalContexts);
  const fromTrunk = contextMatcher(pbx.trunkContexts);
  const locked = contextMatcher(pbx.lockedContexts);
  const guests = new Set(pbx.guestEndpoints);
  const maxDigits = pbx.extensionMaxDigits;

  return (cdr) => {
    const identity = parseChannel(cdr.channel);
    const route = (direction: Direction, dialled = '', suspiciousContext: string | null = null): Route => ({
      direction,
      identity,
      dialled,
      suspiciousContext,
    });
    // AppDial/AppDial2: this channel is the far side of someone's Dial or an Originate.
    if (!identity || cdr.lastapp === 'AppDial' || cdr.lastapp === 'AppDial2') return route('leg');
    if (trunks.has(identity.endpoint) || fromTrunk(cdr.dcontext)) return route('inbound');
    if (locked(cdr.dcontext) || cdr.userfield === 'tollguard-locked') return route('blocked');
    if (cdr.dcontext === '' && cdr.dst === 's') return route('leg');

    const guest = guests.has(identity.endpoint) || identity.byAddress;
    const suspicious = guest || !internal(cdr.dcontext) ? cdr.dcontext || '(no context)' : null;
    const dial = cdr.lastapp === 'Dial' ? parseDialString(cdr.lastdata, isTrunk, maxDigits) : null;
    if (dial) return route('outbound', dial.number, suspicious);
    // An attempt that never reached Dial (no route, Goto, Congestion) still counts
    // when an extension dialled an external-looking number from an internal context.
    const dst = cdr.dst.replace(/[\s().-]/g, '');
    if ((internal(cdr.dcontext) || guest) && NUMBER.test(dst) && (dst.length > maxDigits || dst.startsWith('+'))) {
      return route('outbound', dst, suspicious);
    }
    return route('internal');
  };
}
