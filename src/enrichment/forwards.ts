// Call forwarding, follow-me and ring groups with outside numbers dial a Local
// channel (Dial(Local/0115351234567@outbound)); the Local channel's ;2 half
// then dials the trunk and writes its own CDR, which says nothing about whose
// forward it was. The call that created the Local channel does: its CDR names
// the ;1 half as dstchannel, and its dst is the DID or extension that was
// called. Here the two are paired, and the forward is counted under the DID
// or extension it belongs to ("fwd:2125550104"), never under the dialled number.
//
// Pairing is a set operation over all the rows of a read (a partner may be
// written before or after the forward, or in another thread's share), so the
// result does not depend on row order: callers hold the Local channels' calls
// until every row is read, then resolve them. Only calls that created a Local
// channel to an outside-looking number are remembered as partners.
import { type DialplanFamily, freepbxMemberExten } from '../config/dialplan-presets.js';
import type { PbxConfig } from '../config/pbx.js';
import type { Cdr } from '../sources/cdr.js';
import { detach } from '../text/detach.js';
import type { Caller, LocalLeg, OutboundCall } from './call.js';
import { extensionKey, forwardKey, localForwardKey, trunkPath } from './caller.js';
import type { Enriched } from './enrich.js';

/** The call that created a Local channel, as far as pairing needs it. */
export interface ForwardPartner {
  /** The Local channel it created, without ";1": "Local/0115351234567@outbound-00000000". */
  channel: string;
  start: number;
  end: number;
  uniqueid: string;
  /** What its caller dialled: the DID, extension or group whose forward it was. */
  dst: string;
  did: string;
  /**
   * Who called: a PSTN caller on a trunk, an endpoint (an extension, unless it turns out to be a
   * trunk), or "counted": an extension's own call to a number, placed through the Local channel and
   * already counted on its own record.
   */
  who: 'trunk' | 'endpoint' | 'counted' | 'unknown';
  /** The caller's endpoint and the dcontext of its call. */
  endpoint: string;
  context: string;
}

/** A held call and what the holder wants back with it. */
interface Held<T> {
  call: OutboundCall;
  tag: T;
}

/** ForwardPairing's state as plain data (it crosses threads by structured clone). */
export interface PairingSnapshot<T> {
  partners: ForwardPartner[];
  held: Held<T>[];
}

/** Within this of the partner's start and end: CDR times are whole seconds. */
const SLACK_MS = 1000;

/**
 * One read's Local channel calls and their partners. note() every row, hold()
 * the calls that carry a LocalLeg, then resolve() once every row is read.
 */
export class ForwardPairing<T = undefined> {
  private readonly byChannel = new Map<string, ForwardPartner[]>();
  private readonly byUniqueid = new Map<string, ForwardPartner>();
  private partnersInOrder: ForwardPartner[] = [];
  private held: Held<T>[] = [];
  private readonly maxDigits: number;
  private readonly allowed: AllowedForwards;
  private readonly callers = new Map<string, Caller>();
  /**
   * FreePBX rings ring group, queue and follow-me members through Local channels
   * (Local/FMPR-101@..., Local/101@from-queue...) and the one that dials out is
   * another Local channel, which the caller's dstchannel does not name: every
   * call that created a Local channel is remembered, to be found by linkedid.
   */
  private readonly freepbx: boolean;

  constructor(pbx: Pick<PbxConfig, 'extensionMaxDigits' | 'allowedForwards'> & { dialplan?: DialplanFamily }) {
    this.maxDigits = pbx.extensionMaxDigits;
    this.allowed = compileAllowedForwards(pbx.allowedForwards);
    this.freepbx = pbx.dialplan === 'freepbx';
  }

  /** Remembers the row if it created a Local channel to an outside-looking number. Cheap for every other row. */
  note(cdr: Cdr, e: Enriched): void {
    const d = cdr.dstchannel;
    if (d.length < 9 || d.charCodeAt(0) !== 76 /* L */ || !d.startsWith('Local/') || !d.endsWith(';1')) return;
    const channel = d.slice(0, -2);
    const at = channel.indexOf('@');
    if (at < 0 || !(this.freepbx || this.outsideLooking(channel.slice(6, at)))) return;
    const id = e.direction === 'outbound' ? null : e.route.identity;
    this.add({
      channel: detach(channel), start: cdr.start, end: cdr.end, uniqueid: detach(cdr.uniqueid), dst: detach(cdr.dst), did: detach(cdr.did ?? ''),
      who: whoCalled(e), endpoint: id?.endpoint ?? '', context: detach(cdr.dcontext),
    });
  }

  /** Keeps a Local channel's call until resolve(); its strings are copied, so no chunk of the file stays alive with it. */
  hold(call: OutboundCall, tag: T): void {
    const l = call.local!;
    this.held.push({
      call: {
        ...call,
        accountcode: detach(call.accountcode), clid: detach(call.clid), src: detach(call.src), dcontext: detach(call.dcontext),
        channel: detach(call.channel), uniqueid: detach(call.uniqueid), origin: detach(call.origin), disposition: detach(call.disposition),
        local: { channel: detach(l.channel), exten: detach(l.exten), context: detach(l.context), linkedid: detach(l.linkedid), did: detach(l.did), ...(l.cnum ? { cnum: detach(l.cnum) } : {}) },
      },
      tag,
    });
  }

  /** Calls held so far. */
  get holding(): number {
    return this.held.length;
  }

  /** Rewrites the origins of the held calls ("Master.csv:+17" of a share that started mid-file). */
  mapOrigins(f: (origin: string) => string): void {
    for (const h of this.held) h.call = { ...h.call, origin: f(h.call.origin) };
  }

  /** The state as plain data, for another thread's pairing to merge(); this one is then empty. */
  snapshot(): PairingSnapshot<T> {
    const s = { partners: this.partnersInOrder, held: this.held };
    this.partnersInOrder = [];
    this.held = [];
    this.byChannel.clear();
    this.byUniqueid.clear();
    return s;
  }

  /** Adds the pairing of the rows after this one's. */
  merge(s: PairingSnapshot<T>): void {
    for (const p of s.partners) this.add(p);
    this.held.push(...s.held);
  }

  /**
   * Each held call in the order held: counted under its forward (or the trunk
   * it came in on), or null when it was a leg of an extension's own call.
   * `trunks`: the trunks recognised (TRUNKS, or the ones the rows name), so a
   * call that came in on one is told from an extension's. The pairing is spent.
   */
  resolve(trunks: ReadonlySet<string> = new Set()): { call: OutboundCall | null; tag: T }[] {
    const out = this.held.map((h) => ({ call: this.resolveOne(h.call, trunks), tag: h.tag }));
    this.held = [];
    return out;
  }

  private add(p: ForwardPartner): void {
    this.partnersInOrder.push(p);
    const list = this.byChannel.get(p.channel);
    if (list) list.push(p);
    else this.byChannel.set(p.channel, [p]);
    if (p.uniqueid !== '' && !this.byUniqueid.has(p.uniqueid)) this.byUniqueid.set(p.uniqueid, p);
  }

  private resolveOne(call: OutboundCall, trunks: ReadonlySet<string>): OutboundCall | null {
    const local = call.local;
    if (!local) return call;
    const partner = this.partnerOf(call, local);
    if (partner?.who === 'counted') return null;
    const { key, caller } = this.callerOf(local, partner, trunks);
    const { local: _, ...rest } = call;
    const resolved: OutboundCall = { ...rest, extension: key, caller };
    if (caller.forwardOf !== null && this.allowed(caller.forwardOf, call.destination.e164)) resolved.allowedForward = true;
    return resolved;
  }

  /** The call that created the Local channel: same channel name, and the Local call started while it lasted; else by linkedid. */
  private partnerOf(call: OutboundCall, local: LocalLeg): ForwardPartner | null {
    let best: ForwardPartner | null = null;
    for (const p of this.byChannel.get(local.channel) ?? []) {
      if (p.start - SLACK_MS > call.start || call.start > p.end + SLACK_MS) continue;
      // A restarted Asterisk names Local channels from 00000000 again: the nearest call before wins.
      if (best === null || p.start > best.start) best = p;
    }
    return best ?? (local.linkedid !== '' ? (this.byUniqueid.get(local.linkedid) ?? null) : null);
  }

  private callerOf(local: LocalLeg, partner: ForwardPartner | null, trunks: ReadonlySet<string>): { key: string; caller: Caller } {
    // A trunk's channel in a context that is not a trunk context (FreePBX's ext-group) is still a trunk's.
    const trunk = partner && (partner.who === 'trunk' || (partner.who === 'endpoint' && trunks.has(partner.endpoint))) ? partner : null;
    const extension = partner?.who === 'endpoint' && !trunk ? extensionKey(partner.endpoint) : null;
    const via = trunk ? trunkPath(trunk.endpoint, trunk.context) : null;
    const did = local.did || partner?.did || '';
    const exten = this.freepbx ? freepbxMemberExten(local.exten) : local.exten;
    // The number called, unless the caller dialled the outside number itself (a hairpin through a Local channel).
    const called = partner && partner.dst !== '' && digitsOf(partner.dst) !== digitsOf(exten) ? partner.dst : '';
    const forwardOf = did || called || (this.isExtension(exten) ? exten : '');
    let key: string;
    let label: string;
    if (forwardOf !== '') {
      key = forwardKey(forwardOf);
      const what = this.isExtension(forwardOf) ? `extension ${forwardOf}` : /^\+?\d+$/.test(forwardOf) ? `DID ${forwardOf}` : forwardOf;
      const how = via ?? (extension ? `called by extension ${extension}` : null);
      label = `forward of ${what}${how ? ` (${how})` : ''}`;
    } else if (trunk) {
      key = localForwardKey(trunk.endpoint, trunk.context);
      label = `${via}, through a Local channel into ${local.context || '(no context)'}`;
    } else {
      key = localForwardKey(null, local.context);
      // FreePBX's cnum says who placed it; it is caller ID (a PSTN caller sets it), so it is named, never locked or keyed on.
      const cnum = this.freepbx && local.cnum && /^\+?\d{1,20}$/.test(local.cnum) ? local.cnum : '';
      label = `a Local channel into ${local.context || '(no context)'}${cnum ? `, caller ID ${cnum} (FreePBX's cnum)` : ''} (the call that created it was not found)`;
    }
    const cached = `${key}\n${label}`;
    let caller = this.callers.get(cached);
    if (!caller) {
      caller = Object.freeze({
        kind: forwardOf === '' && trunk ? 'trunk' : 'forward',
        label,
        trunk: trunk?.endpoint ?? null,
        context: trunk?.context ?? null,
        forwardOf: forwardOf || null,
        localContext: local.context,
        extension: this.isExtension(forwardOf) ? forwardOf : null,
      } satisfies Caller);
      this.callers.set(cached, caller);
    }
    return { key, caller };
  }

  private isExtension(s: string): boolean {
    return s.length > 0 && s.length <= this.maxDigits && /^\d+$/.test(s);
  }

  /** An outside number as a forward dials it: digits, maybe "+", FreePBX's trailing "#", separators. */
  private outsideLooking(exten: string): boolean {
    const digits = digitsOf(exten);
    return digits.length > this.maxDigits && /^\+?\d+$/.test(digits);
  }
}

function digitsOf(s: string): string {
  return s.replace(/[#\s().-]/g, '');
}

function whoCalled(e: Enriched): ForwardPartner['who'] {
  if (e.direction === 'outbound') return 'counted';
  const id = e.route.identity;
  if (!id) return 'unknown';
  // Only a trunk's inbound leg (TRUNKS, or arrived in a trunk context) is 'inbound'.
  if (e.direction === 'inbound') return 'trunk';
  if (e.direction === 'internal' && id.technology !== 'Local' && !id.byAddress) return 'endpoint';
  return 'unknown';
}

/** (DID or extension, E.164 destination) -> allowed by ALLOWED_FORWARDS. */
export type AllowedForwards = (forwardOf: string, e164: string | null) => boolean;

/** "2125550104:+44*" (a prefix), "1004:+447911123456" (one number), "2125550104:*" (anywhere). */
export function compileAllowedForwards(entries: readonly string[]): AllowedForwards {
  const byOwner = new Map<string, string[]>();
  for (const entry of entries) {
    const colon = entry.lastIndexOf(':');
    const owner = entry.slice(0, colon);
    const list = byOwner.get(owner) ?? [];
    list.push(entry.slice(colon + 1));
    byOwner.set(owner, list);
  }
  return (forwardOf, e164) =>
    (byOwner.get(forwardOf) ?? []).some((p) => p === '*' || (e164 !== null && (p.endsWith('*') ? e164.startsWith(p.slice(0, -1)) : e164 === p)));
}
