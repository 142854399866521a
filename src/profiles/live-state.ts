// Per extension: its calls in progress (from the tracker), the calls it dialled
// in the recent window and what today's live calls cost, as the views the live
// rules read. Pure; bounded: the window is a few minutes, each list is capped,
// and an extension with nothing up and nothing recent is forgotten.
import type { Caller, OutboundCall } from '../enrichment/call.js';
import type { PriceCall } from '../enrichment/price.js';
import type { LiveCall, TrackerChange } from '../enrichment/live-calls.js';
import { countryKey } from '../enrichment/classify.js';
import type { LiveCallView, LiveExtension } from '../detection/live/rule.js';
import { NO_HISTORY, type LiveHistories } from './live-history.js';

export interface LiveStateLimits {
  /** Dials remembered per extension (the recent window). */
  recentMinutes: number;
  maxRecentPerExtension: number;
  maxExtensions: number;
}

export const DEFAULT_STATE_LIMITS: LiveStateLimits = { recentMinutes: 60, maxRecentPerExtension: 500, maxExtensions: 10_000 };

interface Entry {
  caller: Caller | null;
  up: Set<LiveCall>;
  recent: LiveCall[];
  day: string;
  /** Cost of today's calls that ended. */
  endedCost: number;
}

export class LiveState {
  private readonly entries = new Map<string, Entry>();
  readonly limits: LiveStateLimits;

  constructor(
    private readonly price: PriceCall,
    private readonly dayOf: (t: number) => string,
    public histories: LiveHistories = { byExtension: new Map(), pbxMaxDayCost: 0 },
    limits: Partial<LiveStateLimits> = {},
  ) {
    this.limits = { ...DEFAULT_STATE_LIMITS, ...limits };
  }

  get size(): { extensions: number; recent: number; up: number } {
    let recent = 0;
    let up = 0;
    for (const e of this.entries.values()) (recent += e.recent.length), (up += e.up.size);
    return { extensions: this.entries.size, recent, up };
  }

  /** Applies the tracker's changes; returns the extensions they touched. */
  apply(changes: readonly TrackerChange[], now: number): Set<string> {
    const touched = new Set<string>();
    for (const ch of changes) {
      const call = ch.call;
      const key = call.call.extension;
      touched.add(key);
      const e = this.entry(key, call.call.caller, now);
      if (ch.kind === 'dialled') {
        e.up.add(call);
        e.recent.push(call);
        if (e.recent.length > this.limits.maxRecentPerExtension) e.recent.shift();
      } else if (ch.kind === 'ended' || ch.kind === 'dropped') {
        if (e.up.delete(call)) e.endedCost += this.costSoFar(call, now);
      }
    }
    return touched;
  }

  /** Forgets what left the window; at a new day, today's cost starts again. */
  prune(now: number): void {
    const since = now - this.limits.recentMinutes * 60_000;
    const day = this.dayOf(now);
    for (const [key, e] of this.entries) {
      while (e.recent.length && e.recent[0]!.dialledAt <= since) e.recent.shift();
      if (e.day !== day) (e.day = day), (e.endedCost = 0);
      if (e.up.size === 0 && e.recent.length === 0) this.entries.delete(key);
    }
  }

  extensions(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** What the rules see of one extension at `now`. */
  view(key: string, now: number): LiveExtension | null {
    const e = this.entries.get(key);
    if (!e) return null;
    const views = new Map<LiveCall, LiveCallView>();
    const v = (c: LiveCall): LiveCallView => {
      let x = views.get(c);
      if (!x) views.set(c, (x = this.callView(c, now)));
      return x;
    };
    const calls = [...e.up].map(v);
    const since = now - this.limits.recentMinutes * 60_000;
    const recent = e.recent.filter((c) => c.dialledAt > since).map(v);
    const day = this.dayOf(now);
    return {
      extension: key,
      caller: e.caller,
      day,
      calls,
      recent,
      history: this.histories.byExtension.get(key) ?? NO_HISTORY,
      costToday: Math.round(((e.day === day ? e.endedCost : 0) + calls.reduce((s, c) => s + c.costSoFar, 0)) * 100) / 100,
    };
  }

  private entry(key: string, caller: Caller | null, now: number): Entry {
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= this.limits.maxExtensions) this.evictOne();
      this.entries.set(key, (e = { caller, up: new Set(), recent: [], day: this.dayOf(now), endedCost: 0 }));
    }
    return e;
  }

  /** The first entry with nothing up (entries keep insertion order: the oldest). */
  private evictOne(): void {
    for (const [key, e] of this.entries) {
      if (e.up.size === 0) {
        this.entries.delete(key);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value!);
  }

  /** The extension's recent calls as the CDRs they will write (billsec and cost up to now), for an alert's profile. */
  outboundCalls(key: string, now: number): OutboundCall[] {
    const e = this.entries.get(key);
    if (!e) return [];
    return e.recent.map((c) => {
      const until = Math.min(now, c.endedAt ?? now);
      const billsec = c.answeredAt === null ? 0 : Math.max(0, Math.floor((until - c.answeredAt) / 1000));
      const price = this.price(c.call.destination, billsec);
      return { ...c.call, end: until, duration: Math.max(0, Math.floor((until - c.dialledAt) / 1000)), billsec, answered: billsec > 0, disposition: billsec > 0 ? 'ANSWERED' : 'NO ANSWER', price };
    });
  }

  costSoFar(c: LiveCall, now: number): number {
    if (c.answeredAt === null) return 0;
    const until = Math.min(now, c.endedAt ?? now);
    return this.price(c.call.destination, Math.max(0, Math.floor((until - c.answeredAt) / 1000))).cost;
  }

  private callView(c: LiveCall, now: number): LiveCallView {
    const d = c.call.destination;
    const international = d.kind === 'international';
    return {
      dialled: d.dialled,
      e164: d.e164,
      label: d.label,
      countryKey: international ? countryKey(d) : null,
      international,
      premium: d.premium,
      highRisk: d.highRisk !== null,
      toll: international || d.premium || d.highRisk !== null,
      allowedForward: c.call.allowedForward === true,
      dialledAt: c.dialledAt,
      answeredAt: c.answeredAt,
      inProgress: c.endedAt === null,
      ratePerMinute: c.answeredAt !== null && c.endedAt === null ? c.call.price.ratePerMinute : 0,
      costSoFar: this.costSoFar(c, now),
      suspiciousContext: c.call.suspiciousContext,
      channel: c.callerChannel,
    };
  }
}
