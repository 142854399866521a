// Folds enriched outbound calls into one DailyProfile per extension and local
// day. Memory grows with extensions x days x distinct destinations, not with
// the number of CDRs.
import type { Destination, OutboundCall } from '../enrichment/call.js';
import { detach } from '../text/detach.js';
import { BurstCounter, ConcurrencyTracker, SequenceTracker } from './concurrency.js';
import { countryKey, placeName } from '../enrichment/classify.js';
import { inScope, SPAN_SCOPES, type CallSpans } from './call-scope.js';
import type { CallExample, CountrySummary, DailyProfile, DestinationSummary } from './daily-profile.js';

const TOP_DESTINATIONS = 10;
const TOP_COUNTRIES = 5;
const EXAMPLES = 5;
const BURST_WINDOW_SECONDS = 600;

/** A destination's running totals; its descriptive fields are read from the (shared, frozen) Destination at the end. */
interface DestinationTotals {
  destination: Destination;
  calls: number;
  answered: number;
  billsec: number;
  /** Money is summed in whole micro-units: exact, so the order calls are added in cannot change a total. */
  costMicros: number;
}

/** A kept example; its time is formatted (slow) only if it is still kept at the end. */
interface Kept {
  score: number;
  start: number;
  example: Omit<CallExample, 'time'>;
}

interface DayState {
  /** Running sums (estimatedCost is left at 0: costMicros holds it); profiles() hands out finished copies. */
  profile: DailyProfile;
  costMicros: number;
  destinations: Map<string, DestinationTotals>;
  /** Created on first use: most extension-days have no international call, accountcode or suspicious context. */
  countries: Set<string> | null;
  accountcodes: Set<string> | null;
  contexts: Set<string> | null;
  burst: BurstCounter;
  examples: Kept[];
  sequence: SequenceTracker | null;
  /** First and last start per SPAN_SCOPES entry (pairs), NaN when none; created on the first call in any scope. */
  spans: Float64Array | null;
}

interface ExtensionDays {
  byDay: Map<string, DayState>;
  /** The day last added to: calls of an extension come day after day, so usually the one wanted. */
  last: DayState | null;
}

/** An accumulator's state as plain data (it crosses threads by structured clone). */
export interface AccumulatorSnapshot {
  days: DayState[];
  peaks: Map<string, Map<string, number>>;
  peaksInternational: Map<string, Map<string, number>>;
}

export class ProfileAccumulator {
  /** By extension, then day: no key string is built per call. */
  private readonly days = new Map<string, ExtensionDays>();
  private readonly concurrency = new ConcurrencyTracker();
  private readonly concurrencyIntl = new ConcurrencyTracker();

  /** `formatTime` renders a call's start for example lines (PBX local ISO time). */
  constructor(private readonly formatTime: (epochMs: number) => string) {}

  add(call: OutboundCall): void {
    const state = this.state(call.extension, call.day, call.weekday);
    const p = state.profile;
    const d = call.destination;
    const international = d.kind === 'international';
    const cost = call.price.cost;
    p.outboundCalls++;
    if (call.answered) p.answeredCalls++;
    else p.failedCalls++;
    p.billsec += call.billsec;
    if (international) {
      p.internationalCalls++;
      if (call.answered) p.internationalAnswered++;
      else p.failedInternational++;
      (state.countries ??= new Set()).add(countryKey(d));
      if (call.afterHours) p.afterHoursInternational++;
    }
    if (d.premium) p.premiumCalls++;
    if (d.highRisk) {
      p.highRiskCalls++;
      if (call.answered) p.highRiskAnswered++;
    }
    if (call.afterHours) p.afterHoursCalls++;
    const micros = Math.round(cost * 1e6);
    state.costMicros += micros;
    if (call.price.estimated && cost > 0) p.costEstimated = true;
    if (call.suspiciousContext !== null) {
      p.suspiciousContextCalls++;
      const contexts = (state.contexts ??= new Set());
      if (!contexts.has(call.suspiciousContext)) contexts.add(detach(call.suspiciousContext));
    }
    if (call.caller !== null) addCaller(p, call);
    if (call.accountcode) {
      const codes = (state.accountcodes ??= new Set());
      if (!codes.has(call.accountcode)) codes.add(detach(call.accountcode));
    }
    p.firstCall = p.firstCall === null ? call.start : Math.min(p.firstCall, call.start);
    p.lastCall = p.lastCall === null ? call.start : Math.max(p.lastCall, call.start);
    for (let i = 0; i < SPAN_SCOPES.length; i++) {
      if (inScope(call, SPAN_SCOPES[i]!)) widen((state.spans ??= emptySpans()), i, call.start, call.start);
    }

    const key = d.e164 ?? d.dialled;
    let dest = state.destinations.get(key);
    if (!dest) {
      // The enricher's destinations are frozen and shared; anything else is copied, as it may change.
      const destination = Object.isFrozen(d) ? d : Object.freeze({ ...d, dialled: detach(d.dialled) });
      dest = { destination, calls: 0, answered: 0, billsec: 0, costMicros: 0 };
      state.destinations.set(d.e164 ?? destination.dialled, dest);
    }
    dest.calls++;
    if (call.answered) dest.answered++;
    dest.billsec += call.billsec;
    dest.costMicros += micros;

    state.burst.add(call.start);
    this.addConcurrency(call);
    if (d.e164) (state.sequence ??= new SequenceTracker()).add(d.e164.slice(1));
    this.keepExample(state, call);
  }

  /**
   * A call read only for the calls it overlaps (a parallel reader's look at
   * its neighbour's rows): it counts towards peak concurrency and nothing else.
   */
  addConcurrency(call: OutboundCall): void {
    const end = concurrencyEnd(call);
    this.concurrency.add(call.extension, call.day, call.start, end);
    if (call.destination.kind === 'international') this.concurrencyIntl.add(call.extension, call.day, call.start, end);
  }

  /** A locked extension's attempt, sent to the tollguard-locked context. */
  addBlocked(extension: string, day: string, weekday: number): void {
    this.state(extension, day, weekday).profile.blockedAttempts++;
  }

  /** Rewrites the origins of the examples kept ("Master.csv:17"). */
  mapOrigins(f: (origin: string) => string): void {
    for (const ext of this.days.values()) for (const state of ext.byDay.values()) for (const e of state.examples) e.example.origin = f(e.example.origin);
  }

  /** The local days that have at least one extension-day here. */
  heldDays(): Set<string> {
    const out = new Set<string>();
    for (const ext of this.days.values()) for (const day of ext.byDay.keys()) out.add(day);
    return out;
  }

  /** Finishes and lets go of every extension-day whose day is not `open`: all its calls were added here, so its profile is final. */
  finishExcept(open: ReadonlySet<string>): DailyProfile[] {
    const finished: DailyProfile[] = [];
    for (const ext of this.days.values()) {
      for (const [day, state] of ext.byDay) {
        if (open.has(day)) continue;
        finished.push(this.finish(state));
        ext.byDay.delete(day);
      }
      ext.last = null;
    }
    return finished;
  }

  /** The working state as plain data, for another thread's accumulator to merge(); this one is then empty. */
  snapshot(): AccumulatorSnapshot {
    const days: DayState[] = [];
    for (const ext of this.days.values()) for (const state of ext.byDay.values()) days.push(state);
    const snapshot = { days, peaks: this.concurrency.peaks(), peaksInternational: this.concurrencyIntl.peaks() };
    this.days.clear();
    return snapshot;
  }

  /**
   * Adds what another accumulator saw, as if its calls had been added here
   * after this one's own (snapshots are merged in the order of the rows).
   */
  merge(snapshot: AccumulatorSnapshot): void {
    for (const other of snapshot.days) {
      const o = other.profile;
      const state = this.state(o.extension, o.day, o.weekday);
      const p = state.profile;
      for (const k of SUMMED) p[k] += o[k];
      p.costEstimated ||= o.costEstimated;
      if (o.caller) {
        if (!p.caller) p.caller = { ...o.caller };
        else {
          p.caller.riskyCalls += o.caller.riskyCalls;
          p.caller.allowedCalls += o.caller.allowedCalls;
        }
      }
      if (o.firstCall !== null) p.firstCall = p.firstCall === null ? o.firstCall : Math.min(p.firstCall, o.firstCall);
      if (o.lastCall !== null) p.lastCall = p.lastCall === null ? o.lastCall : Math.max(p.lastCall, o.lastCall);
      if (other.spans) {
        const spans = (state.spans ??= emptySpans());
        for (let i = 0; i < SPAN_SCOPES.length; i++) widen(spans, i, other.spans[2 * i]!, other.spans[2 * i + 1]!);
      }
      state.costMicros += other.costMicros;
      for (const [key, t] of other.destinations) {
        const mine = state.destinations.get(key);
        if (!mine) state.destinations.set(key, { ...t, destination: Object.freeze(t.destination) });
        else {
          mine.calls += t.calls;
          mine.answered += t.answered;
          mine.billsec += t.billsec;
          mine.costMicros += t.costMicros;
        }
      }
      state.countries = union(state.countries, other.countries);
      state.accountcodes = union(state.accountcodes, other.accountcodes);
      state.contexts = union(state.contexts, other.contexts);
      state.burst.merge(BurstCounter.from(other.burst));
      if (other.sequence) (state.sequence ??= new SequenceTracker()).merge(SequenceTracker.from(other.sequence));
      // Riskiest first, earlier rows first among equals: what add() keeps.
      state.examples = [...state.examples, ...other.examples].sort((a, b) => b.score - a.score).slice(0, EXAMPLES);
    }
    this.concurrency.mergePeaks(snapshot.peaks);
    this.concurrencyIntl.mergePeaks(snapshot.peaksInternational);
  }

  /**
   * Profiles of every extension-day seen, sorted by day then extension. Each is
   * a new, rounded copy: the running sums stay exact, so calling this again
   * after more calls gives what one call at the end would.
   */
  profiles(): DailyProfile[] {
    const out: DailyProfile[] = [];
    for (const ext of this.days.values()) for (const state of ext.byDay.values()) out.push(this.finish(state));
    return out.sort(byDayThenExtension);
  }

  /** profiles(), then lets go of the working state: for a run that adds nothing more (frees it before judging). */
  takeProfiles(): DailyProfile[] {
    const out = this.profiles();
    this.days.clear();
    this.concurrency.clear();
    this.concurrencyIntl.clear();
    return out;
  }

  private finish(state: DayState): DailyProfile {
    const p = state.profile;
    return {
      ...p,
      ...(p.caller ? { caller: { ...p.caller } } : {}),
      accountcodes: sorted(state.accountcodes),
      distinctNumbers: state.destinations.size,
      countries: sorted(state.countries),
      estimatedCost: round(state.costMicros / 1e6),
      peakConcurrent: this.concurrency.peak(p.extension, p.day),
      peakConcurrentInternational: this.concurrencyIntl.peak(p.extension, p.day),
      maxCallsIn10Min: state.burst.max(BURST_WINDOW_SECONDS),
      longestSequentialRun: state.sequence?.longest ?? 0,
      suspiciousContexts: sorted(state.contexts),
      topDestinations: [...state.destinations.values()]
        .sort((a, b) => b.costMicros - a.costMicros || b.calls - a.calls)
        .slice(0, TOP_DESTINATIONS)
        .map(summary),
      topCountries: byCountry(state.destinations.values()),
      examples: state.examples.map((e) => ({ time: this.formatTime(e.start), ...e.example })),
      spans: spansOf(state.spans),
    };
  }

  private state(extension: string, day: string, weekday: number): DayState {
    let ext = this.days.get(extension);
    if (!ext) this.days.set(extension, (ext = { byDay: new Map(), last: null }));
    if (ext.last !== null && ext.last.profile.day === day) return ext.last;
    let s = ext.byDay.get(day);
    if (!s) {
      s = {
        profile: emptyProfile(extension, day, weekday),
        costMicros: 0,
        destinations: new Map(),
        countries: null,
        accountcodes: null,
        contexts: null,
        burst: new BurstCounter(),
        examples: [],
        sequence: null,
        spans: null,
      };
      ext.byDay.set(day, s);
    }
    ext.last = s;
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
      start: call.start,
      example: {
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

export function byDayThenExtension(a: DailyProfile, b: DailyProfile): number {
  return a.day < b.day ? -1 : a.day > b.day ? 1 : a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0;
}

/** A call no extension made: who made it (the first call's Caller), and whether it went abroad or to premium numbers. */
function addCaller(p: DailyProfile, call: OutboundCall): void {
  const c = (p.caller ??= { ...call.caller!, riskyCalls: 0, allowedCalls: 0 });
  const d = call.destination;
  if (d.kind !== 'international' && !d.premium && d.highRisk === null) return;
  c.riskyCalls++;
  if (call.allowedForward) c.allowedCalls++;
}

/** A call's end for concurrency: at least a second after its start. */
function concurrencyEnd(call: OutboundCall): number {
  return Math.max(call.end, call.start + 1000);
}

function emptySpans(): Float64Array {
  return new Float64Array(2 * SPAN_SCOPES.length).fill(Number.NaN);
}

/** Widens scope i's span to cover first..last (NaN: nothing to add). */
function widen(spans: Float64Array, i: number, first: number, last: number): void {
  if (Number.isNaN(first)) return;
  const f = spans[2 * i]!;
  if (Number.isNaN(f) || first < f) spans[2 * i] = first;
  const l = spans[2 * i + 1]!;
  if (Number.isNaN(l) || last > l) spans[2 * i + 1] = last;
}

function spansOf(spans: Float64Array | null): CallSpans {
  const out: CallSpans = {};
  if (!spans) return out;
  for (let i = 0; i < SPAN_SCOPES.length; i++) {
    if (!Number.isNaN(spans[2 * i]!)) out[SPAN_SCOPES[i]!] = { first: spans[2 * i]!, last: spans[2 * i + 1]! };
  }
  return out;
}

/** The profile fields that are plain running counts. */
const SUMMED = [
  'outboundCalls',
  'answeredCalls',
  'failedCalls',
  'billsec',
  'internationalCalls',
  'internationalAnswered',
  'failedInternational',
  'premiumCalls',
  'highRiskCalls',
  'highRiskAnswered',
  'afterHoursCalls',
  'afterHoursInternational',
  'suspiciousContextCalls',
  'blockedAttempts',
] as const satisfies readonly (keyof DailyProfile)[];

function union(mine: Set<string> | null, other: Set<string> | null): Set<string> | null {
  if (other === null) return mine;
  if (mine === null) return other;
  for (const v of other) mine.add(v);
  return mine;
}

function sorted(set: Set<string> | null): string[] {
  return set === null ? [] : [...set].sort();
}

function summary(t: DestinationTotals): DestinationSummary {
  const d = t.destination;
  return { e164: d.e164, dialled: d.dialled, label: d.label, country: d.country, numberClass: d.numberClass, highRisk: d.highRisk, premium: d.premium, calls: t.calls, answered: t.answered, billsec: t.billsec, cost: round(t.costMicros / 1e6) };
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
    topCountries: [],
    examples: [],
  };
}

export function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** An admin thinks "120 calls to +882, 30 to Cuba", not number by number. */
function byCountry(destinations: Iterable<DestinationTotals>): CountrySummary[] {
  const groups = new Map<string, CountrySummary>();
  for (const d of destinations) {
    const dest = d.destination;
    if (dest.kind !== 'international') continue;
    const key = countryKey(dest);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: placeName(dest.country, dest.callingCode), calls: 0, answered: 0, cost: 0, highRisk: false }));
    g.calls += d.calls;
    g.answered += d.answered;
    g.cost += d.costMicros;
    g.highRisk ||= dest.highRisk !== null;
  }
  return [...groups.values()]
    .sort((a, b) => b.cost - a.cost || b.calls - a.calls)
    .slice(0, TOP_COUNTRIES)
    .map((g) => ({ ...g, cost: round(g.cost / 1e6) }));
}
