// Outbound calls in progress, from AMI call events, attributed and priced by
// the same code as CDRs: each DialBegin becomes the CDR its call would write
// (channel, dcontext, dst, Dial's argument) and goes through the enricher, so
// identity, direction, number, class, high-risk list and tariff are the CDRs'.
// A call lasts while its far (trunk) channel is up: a transfer of an outside
// call to another phone keeps it counted for the extension that dialled it, as
// its CDR does. Pure: events and times in, changes out; memory is bounded
// whatever the event rate (caps below, finished calls dropped at once).
import type { AmiMessage } from '../actions/lockout/ami-message.js';
import type { Cdr } from '../sources/cdr.js';
import { detach } from '../text/detach.js';
import type { OutboundCall } from './call.js';
import type { Enriched } from './enrich.js';
import { ForwardPairing } from './forwards.js';

/** An outbound call the tracker follows. */
export interface LiveCall {
  /** Caller Uniqueid ">" far Uniqueid: one Dial target of one channel. */
  id: string;
  /** Attributed, classified and priced (billsec 0) at dial time; `extension` is who it counts for. */
  call: OutboundCall;
  callerChannel: string;
  callerUniqueid: string;
  destChannel: string;
  destUniqueid: string;
  dialledAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** Why it ended: the Dial status or the Hangup cause. */
  endReason: string | null;
}

export type TrackerChange =
  | { kind: 'dialled' | 'answered' | 'ended'; call: LiveCall }
  | { kind: 'dropped'; call: LiveCall; why: string };

export interface TrackerLimits {
  /** Calls followed at once, PBX-wide. */
  maxCalls: number;
  /** Calls followed at once per extension: beyond it the extension is under attack anyway. */
  maxCallsPerExtension: number;
  /** A call up longer than this lost its Hangup (a missed event): dropped. */
  maxCallAgeMs: number;
  /** Local channels remembered for pairing a forward with the call that created it. */
  maxLocalCreators: number;
}

export const DEFAULT_LIMITS: TrackerLimits = { maxCalls: 5000, maxCallsPerExtension: 200, maxCallAgeMs: 12 * 3_600_000, maxLocalCreators: 5000 };

export interface TrackerOptions {
  /** The CDR enricher built for these trunks (rebuilt when a trunk is learned and TRUNKS is not set). */
  enricher(trunks: readonly string[]): (cdr: Cdr) => Enriched;
  /** TRUNKS; empty: the trunks are learned from the calls' dial strings, as reports recognise them from CDRs. */
  trunks: readonly string[];
  pbx: ConstructorParameters<typeof ForwardPairing>[0];
  limits?: Partial<TrackerLimits>;
}

/** What a Local channel's creator looked like when it dialled, for pairing (forwards.ts). */
interface LocalCreator {
  cdr: Cdr;
  enriched: Enriched;
}

export class CallTracker {
  private readonly byId = new Map<string, LiveCall>();
  private readonly byUniqueid = new Map<string, Set<LiveCall>>();
  private readonly perExtension = new Map<string, number>();
  private readonly localCreators = new Map<string, LocalCreator>();
  private readonly learned: Set<string>;
  private readonly fixedTrunks: boolean;
  private enrich: (cdr: Cdr) => Enriched;
  readonly limits: TrackerLimits;
  /** Calls refused by a cap since start (the cap held; the rules saw the calls up to it). */
  overflow = 0;

  constructor(private readonly options: TrackerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.fixedTrunks = options.trunks.length > 0;
    this.learned = new Set(options.trunks);
    this.enrich = options.enricher([...this.learned]);
  }

  /** Calls in progress (dialled, not ended). */
  calls(): IterableIterator<LiveCall> {
    return this.byId.values();
  }

  get size(): { calls: number; uniqueids: number; extensions: number; localCreators: number; trunks: number } {
    return { calls: this.byId.size, uniqueids: this.byUniqueid.size, extensions: this.perExtension.size, localCreators: this.localCreators.size, trunks: this.learned.size };
  }

  /** One AMI event at `now` (epoch ms); events the tracker does not need change nothing. */
  handle(m: AmiMessage, now: number): TrackerChange[] {
    switch (m.event) {
      case 'DialBegin':
        return this.dialBegin(m, now);
      case 'DialEnd': {
        const call = this.byId.get(callId(m));
        if (!call) return [];
        const status = m.get('DialStatus') ?? '';
        if (status === 'ANSWER') return this.answer(call, now);
        // BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL: the attempt is over (the Hangup of its channel may come later).
        return this.end(call, now, status || 'DialEnd');
      }
      case 'BridgeEnter': {
        // An answered far channel enters a bridge; covers a DialEnd missed around a reconnect.
        const out: TrackerChange[] = [];
        for (const call of this.byUniqueid.get(m.get('Uniqueid') ?? '') ?? []) {
          if (call.destUniqueid === m.get('Uniqueid') && call.answeredAt === null) out.push(...this.answer(call, now));
        }
        return out;
      }
      case 'Hangup':
        return this.hangup(m.get('Uniqueid') ?? '', m.get('Channel') ?? '', now, `hangup cause ${m.get('Cause') ?? '?'}`);
      case 'Shutdown':
        // Asterisk is stopping: every channel goes with it.
        return this.clear(now, 'Asterisk shut down');
      default:
        return [];
    }
  }

  /**
   * After a (re)connection or an Asterisk restart: CoreShowChannels' list is the
   * truth. Calls whose channels are gone ended unseen; Dial()s in progress that
   * the tracker missed are taken up (their answer time is unknown: taken as now
   * when their far channel is up). `askedAt`: when CoreShowChannels was sent.
   */
  resync(channels: readonly AmiMessage[], now: number, askedAt: number = now): TrackerChange[] {
    const out: TrackerChange[] = [];
    const up = new Map(channels.map((c) => [c.get('Uniqueid') ?? '', c]));
    for (const call of [...this.byId.values()]) {
      // A call dialled after the list was asked for is newer than the list.
      if (call.dialledAt < askedAt && !up.has(call.destUniqueid)) out.push(...this.end(call, now, 'gone at resync'));
    }
    // A far channel of a Dial: AppDial, same Linkedid as its caller (Local channels aside).
    const far = new Map<string, AmiMessage[]>();
    for (const c of channels) {
      if (c.get('Application') !== 'AppDial') continue;
      const key = c.get('Linkedid') ?? '';
      const list = far.get(key) ?? [];
      list.push(c);
      far.set(key, list);
    }
    for (const c of channels) {
      if (c.get('Application') !== 'Dial') continue;
      const uid = c.get('Uniqueid') ?? '';
      const data = c.get('ApplicationData') ?? '';
      for (const d of far.get(c.get('Linkedid') ?? '') ?? []) {
        const destUid = d.get('Uniqueid') ?? '';
        if (destUid === uid || this.byId.has(`${uid}>${destUid}`)) continue;
        const started = now - seconds(c.get('Duration')) * 1000;
        const changes = this.begin({
          callerChannel: c.get('Channel') ?? '', callerUniqueid: uid, linkedid: c.get('Linkedid') ?? '',
          context: c.get('Context') ?? '', exten: c.get('Exten') ?? '', accountcode: c.get('AccountCode') ?? '',
          callerNum: c.get('CallerIDNum') ?? '', callerName: c.get('CallerIDName') ?? '',
          destChannel: d.get('Channel') ?? '', destUniqueid: destUid, lastdata: data,
        }, started);
        out.push(...changes);
        const taken = changes.find((ch) => ch.kind === 'dialled');
        if (taken && d.get('ChannelState') === '6') out.push(...this.answer(taken.call, now));
      }
    }
    return out;
  }

  /** Ends every call: Asterisk shut down. */
  clear(now: number, why: string): TrackerChange[] {
    const out: TrackerChange[] = [];
    for (const call of [...this.byId.values()]) out.push(...this.end(call, now, why));
    this.localCreators.clear();
    return out;
  }

  /** Drops what outlived any real call (a Hangup lost with a dropped connection). */
  prune(now: number): TrackerChange[] {
    const out: TrackerChange[] = [];
    for (const call of [...this.byId.values()]) {
      if (now - call.dialledAt > this.limits.maxCallAgeMs) {
        this.remove(call);
        call.endedAt = now;
        call.endReason = 'no hangup seen';
        out.push({ kind: 'dropped', call, why: `up for more than ${Math.round(this.limits.maxCallAgeMs / 3_600_000)} h: its Hangup was missed` });
      }
    }
    return out;
  }

  private dialBegin(m: AmiMessage, now: number): TrackerChange[] {
    const callerChannel = m.get('Channel');
    const destChannel = m.get('DestChannel') ?? '';
    // Without a calling channel it is Originate's own outgoing leg: nobody's call.
    if (callerChannel === undefined || destChannel === '') return [];
    const tech = destChannel.slice(0, destChannel.indexOf('/'));
    // DialBegin's DialString lacks the technology (carrier/0118821234567): the far channel names it.
    const lastdata = tech ? `${tech}/${m.get('DialString') ?? ''}` : (m.get('DialString') ?? '');
    return this.begin({
      callerChannel, callerUniqueid: m.get('Uniqueid') ?? '', linkedid: m.get('Linkedid') ?? '',
      context: m.get('Context') ?? '', exten: m.get('Exten') ?? '', accountcode: m.get('AccountCode') ?? '',
      callerNum: m.get('CallerIDNum') ?? '', callerName: m.get('CallerIDName') ?? '',
      destChannel, destUniqueid: m.get('DestUniqueid') ?? '', lastdata,
    }, now);
  }

  private begin(d: DialFacts, now: number): TrackerChange[] {
    const id = `${d.callerUniqueid}>${d.destUniqueid}`;
    if (this.byId.has(id)) return [];
    const cdr = dialCdr(d, now);
    let enriched = this.enrich(cdr);
    if (enriched.direction === 'outbound' && !this.fixedTrunks) {
      const t = enriched.call.trunk;
      if (t !== null && !t.startsWith('Local/') && !this.learned.has(t) && this.learned.size < 1000) {
        // A new trunk: a channel of it dialling out is a trunk's (hairpin), never an extension.
        this.learned.add(detach(t));
        this.enrich = this.options.enricher([...this.learned]);
        enriched = this.enrich(cdr);
      }
    }
    // The creator of a Local channel to an outside number: kept until the Local channel's own Dial pairs with it.
    if (d.destChannel.startsWith('Local/') && d.destChannel.endsWith(';1')) {
      if (this.localCreators.size >= this.limits.maxLocalCreators) this.localCreators.delete(this.localCreators.keys().next().value!);
      this.localCreators.set(d.destChannel.slice(0, -2), { cdr, enriched });
    }
    if (enriched.direction !== 'outbound') return [];
    let call: OutboundCall | null = enriched.call;
    if (call.local) call = this.pair(call);
    if (call === null) return []; // a leg of an extension's own call through a Local channel: counted there
    const n = this.perExtension.get(call.extension) ?? 0;
    if (this.byId.size >= this.limits.maxCalls || n >= this.limits.maxCallsPerExtension) {
      this.overflow++;
      return [];
    }
    const live: LiveCall = {
      id: detach(id), call, callerChannel: detach(d.callerChannel), callerUniqueid: detach(d.callerUniqueid),
      destChannel: detach(d.destChannel), destUniqueid: detach(d.destUniqueid), dialledAt: now, answeredAt: null, endedAt: null, endReason: null,
    };
    this.byId.set(live.id, live);
    this.index(live.callerUniqueid, live);
    this.index(live.destUniqueid, live);
    this.perExtension.set(call.extension, n + 1);
    return [{ kind: 'dialled', call: live }];
  }

  /** A Local channel's call, counted under the forward (or trunk) whose call created it: forwards.ts decides, as for CDRs. */
  private pair(call: OutboundCall): OutboundCall | null {
    const pairing = new ForwardPairing(this.options.pbx);
    const creator = this.localCreators.get(call.local!.channel);
    if (creator) pairing.note({ ...creator.cdr, end: Math.max(creator.cdr.end, call.start) }, creator.enriched);
    pairing.hold(call, undefined);
    return pairing.resolve(new Set(this.learned))[0]!.call;
  }

  private answer(call: LiveCall, now: number): TrackerChange[] {
    if (call.answeredAt !== null || call.endedAt !== null) return [];
    call.answeredAt = now;
    return [{ kind: 'answered', call }];
  }

  private end(call: LiveCall, now: number, why: string): TrackerChange[] {
    if (call.endedAt !== null) return [];
    this.remove(call);
    call.endedAt = now;
    call.endReason = why;
    return [{ kind: 'ended', call }];
  }

  private hangup(uniqueid: string, channel: string, now: number, why: string): TrackerChange[] {
    if (channel.startsWith('Local/') && channel.endsWith(';1')) this.localCreators.delete(channel.slice(0, -2));
    const calls = this.byUniqueid.get(uniqueid);
    if (!calls) return [];
    const out: TrackerChange[] = [];
    for (const call of [...calls]) {
      // The far channel's hangup ends the call; the caller's ends it only before answer (after a transfer the far side talks on).
      if (call.destUniqueid === uniqueid || call.answeredAt === null) out.push(...this.end(call, now, why));
    }
    // The caller hung up after answer and its far channel lives on (transferred): the uniqueid is gone either way.
    const left = this.byUniqueid.get(uniqueid);
    if (left) for (const call of left) if (call.callerUniqueid === uniqueid) left.delete(call);
    if (left?.size === 0) this.byUniqueid.delete(uniqueid);
    return out;
  }

  private index(uniqueid: string, call: LiveCall): void {
    const set = this.byUniqueid.get(uniqueid);
    if (set) set.add(call);
    else this.byUniqueid.set(uniqueid, new Set([call]));
  }

  private unindex(uniqueid: string, call: LiveCall): void {
    const set = this.byUniqueid.get(uniqueid);
    if (!set) return;
    set.delete(call);
    if (set.size === 0) this.byUniqueid.delete(uniqueid);
  }

  private remove(call: LiveCall): void {
    if (!this.byId.delete(call.id)) return;
    this.unindex(call.callerUniqueid, call);
    this.unindex(call.destUniqueid, call);
    const n = (this.perExtension.get(call.call.extension) ?? 1) - 1;
    if (n <= 0) this.perExtension.delete(call.call.extension);
    else this.perExtension.set(call.call.extension, n);
  }
}

interface DialFacts {
  callerChannel: string;
  callerUniqueid: string;
  linkedid: string;
  context: string;
  exten: string;
  accountcode: string;
  callerNum: string;
  callerName: string;
  destChannel: string;
  destUniqueid: string;
  /** Dial()'s argument with its technology: IAX2/carrier/0118821234567. */
  lastdata: string;
}

/** The CDR a Dial in progress will write, as far as attribution and classification read it. */
function dialCdr(d: DialFacts, now: number): Cdr {
  return {
    accountcode: d.accountcode, src: d.callerNum, dst: d.exten, dcontext: d.context,
    clid: d.callerName && d.callerName !== '<unknown>' ? `"${d.callerName}" <${d.callerNum}>` : d.callerNum,
    channel: d.callerChannel, dstchannel: d.destChannel, lastapp: 'Dial', lastdata: d.lastdata,
    start: now, answer: null, end: now, duration: 0, billsec: 0, disposition: 'NO ANSWER', amaflags: 'DOCUMENTATION',
    uniqueid: d.callerUniqueid, userfield: '', linkedid: d.linkedid, origin: `AMI ${d.callerChannel}`,
  };
}

function callId(m: AmiMessage): string {
  return `${m.get('Uniqueid') ?? ''}>${m.get('DestUniqueid') ?? ''}`;
}

/** CoreShowChannel's Duration, HH:MM:SS. */
function seconds(duration: string | undefined): number {
  const m = /^(\d+):(\d\d):(\d\d)$/.exec(duration ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}
