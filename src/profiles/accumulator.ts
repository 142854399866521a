// Folds enriched outbound calls into one DailyProfile per extension and local
// day. Memory grows with extensions x days x distinct destinations, not with
// the number of CDRs.
import type { OutboundCall } from '../enrichment/call.js';
import { detach } from '../sources/cdr-csv-detach.js';
import { BurstCounter, ConcurrencyTracker, SequenceTracker } from './concurrency.js';
import type { CallExample, DailyProfile, DestinationSummary } from './daily-profile.js';

const TOP_DESTINATIONS = 10;
const EXAMPLES = 5;
const BURST_WINDOW_SECONDS = 600;

interface DayState {
  profile: DailyProfile;
  destinations: Map<string, DestinationSummary>;
  countries: Set<string>;
  accountcodes: Set<string>;
  contexts: Set<string>;
  burst: BurstCounter;
  examples: { score: number; example: CallExample }[];
  sequence: SequenceTracker | null;
}

export class ProfileAccumulator {
  /** By extension, then day: no key string is built per call. */
  private readonly days = new Map<string, Map<string, DayState>>();
  private readonly concurrency = new ConcurrencyTracker();
  private readonly concurrencyIntl = new ConcurrencyTracker();

  /** `formatTime` renders a call's start for example lines (PBX local ISO time). */
  constructor(private readonly formatTime: (epochMs: number) => string) {}

  add(call: OutboundCall): void {
    const state = this.state(call.extension, call.day, call.weekday);
    const p = state.profile;
    const d = call.destination;
    const international = d.kind === 'international';
    p.outboundCalls++;
    if (call.answered) p.answeredCalls++;
    else p.failedCalls++;
    p.billsec += call.billsec;
    if (international) {
      p.internationalCalls++;
      if (call.answered) p.internationalAnswered++;
      else p.failedInternational++;
      state.countries.add(d.country ?? `+${d.callingCode ?? '?'}`);
      if (call.afterHours) p.afterHoursInternational++;
    }
    if (d.premium) p.premiumCalls++;
    if (d.highRisk) {
      p.highRiskCalls++;
      if (call.answered) p.highRiskAnswered++;
    }
    if (call.afterHours) p.afterHoursCalls++;
    p.estimatedCost += call.price.cost;
    if (call.price.estimated && call.price.cost > 0) p.costEstimated = true;
    if (call.suspiciousContext !== null) {
      p.suspiciousContextCalls++;
      if (!state.contexts.has(call.suspiciousContext)) state.contexts.add(detach(call.suspiciousContext));
    }
    if (call.accountcode && !state.accountcodes.has(call.accountcode)) state.accountcodes.add(detach(call.accountcode));
    p.firstCall = p.firstCall === null ? call.start : Math.min(p.firstCall, call.start);
    p.lastCall = p.lastCall === null ? call.start : Math.max(p.lastCall, call.start);

    const key = d.e164 ?? d.dialled;
    let dest = state.destinations.get(key);
    if (!dest) {
      dest = { e164: d.e164, dialled: detach(d.dialled), label: d.label, country: d.country, numberClass: d.numberClass, highRisk: d.highRisk, premium: d.premium, calls: 0, answered: 0, billsec: 0, cost: 0 };
      state.destinations.set(d.e164 ?? dest.dialled, dest);
    }
    dest.calls++;
    if (call.answered) dest.answered++;
    dest.billsec += call.billsec;
    dest.cost += call.price.cost;

    state.burst.add(call.secondOfDay);
    this.concurrency.add(call.extension, call.day, call.start, Math.max(call.end, call.start + 1000));
    if (international) this.concurrencyIntl.add(call.extension, call.day, call.start, Math.max(call.end, call.start + 1000));
    if (d.e164) (state.sequence ??= new SequenceTracker()).add(d.e164.slice(1));
    this.keepExample(state, call);
  }

  /** A locked extension's attempt, sent to the tollguard-locked context. */
  addBlocked(extension: string, day: string, weekday: number): void {
    this.state(extension, day, weekday).profile.blockedAttempts++;
  }

  /** Profiles of every extension-day seen, sorted by day then extension. */
  profiles(): DailyProfile[] {
    const out: DailyProfile[] = [];
    for (const byDay of this.days.values()) for (const state of byDay.values()) {
      const p = state.profile;
      p.distinctNumbers = state.destinations.size;
      p.countries = [...state.countries].sort();
      p.accountcodes = [...state.accountcodes].sort();
      p.suspiciousContexts = [...state.contexts].sort();
      p.maxCallsIn10Min = state.burst.max(BURST_WINDOW_SECONDS);
      p.peakConcurrent = this.concurrency.peak(p.extension, p.day);
      p.peakConcurrentInternational = this.concurrencyIntl.peak(p.extension, p.day);
      p.longestSequentialRun = state.sequence?.longest ?? 0;
      p.topDestinations = [...state.destinations.values()]
        .sort((a, b) => b.cost - a.cost || b.calls - a.calls)
        .slice(0, TOP_DESTINATIONS)
        .map((x) => ({ ...x, cost: round(x.cost) }));
      p.examples = state.examples.map((e) => e.example);
      p.estimatedCost = round(p.estimatedCost);
      out.push(p);
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0));
  }

  private state(extension: string, day: string, weekday: number): DayState {
    let byDay = this.days.get(extension);
    if (!byDay) this.days.set(extension, (byDay = new Map()));
    let s = byDay.get(day);
    if (!s) {
      s = {
        profile: emptyProfile(extension, day, weekday),
        destinations: new Map(),
        countries: new Set(),
        accountcodes: new Set(),
        contexts: new Set(),
        burst: new BurstCounter(),
        examples: [],
        sequence: null,
      };
      byDay.set(day, s);
    }
    return s;
  }

  /** Keeps the riskiest few calls: high-risk, premium, international, then by cost. */
  private keepExample(state: DayState, call: OutboundCall): void {
    const d = call.destination;
    const score = (call.suspiciousContext !== null ? 8 : 0) + (d.highRisk ? 4 : 0) + (d.premium ? 2 : 0) + (d.kind === 'international' ? 1 : 0) + Math.min(call.price.cost, 0.99);
    if (score < 1) return;
    const list = state.examples;
    if (list.length >= EXAMPLES && score <= list[list.length - 1]!.score) return;
    list.push({
      score,
      example: {
        time: this.formatTime(call.start),
        dialled: detach(d.dialled),
        e164: d.e164,
        label: d.label,
        disposition: call.disposition,
        billsec: call.billsec,
        cost: round(call.price.cost),
        clid: detach(call.clid),
        origin: detach(call.origin),
      },
    });
    list.sort((a, b) => b.score - a.score);
    if (list.length > EXAMPLES) list.length = EXAMPLES;
  }
}

export function emptyProfile(extension: string, day: string, weekday: number): DailyProfile {
  return {
    extension,
    day,
    weekday,
    accountcodes: [],
    outboundCalls: 0,
    answeredCalls: 0,
    failedCalls: 0,
    billsec: 0,
    internationalCalls: 0,
    internationalAnswered: 0,
    failedInternational: 0,
    premiumCalls: 0,
    highRiskCalls: 0,
    highRiskAnswered: 0,
    distinctNumbers: 0,
    countries: [],
    estimatedCost: 0,
    costEstimated: false,
    afterHoursCalls: 0,
    afterHoursInternational: 0,
    peakConcurrent: 0,
    peakConcurrentInternational: 0,
    maxCallsIn10Min: 0,
    longestSequentialRun: 0,
    suspiciousContextCalls: 0,
    suspiciousContexts: [],
    blockedAttempts: 0,
    firstCall: null,
    lastCall: null,
    topDestinations: [],
    examples: [],
  };
}

export function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}
