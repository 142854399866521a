// `tollguard replay --live`: the live guard's engine fed with AMI events
// derived from CDRs (each call dialled at its start, answered at its answer,
// hung up at its end), beside the sweep's replay, and for each attack the
// exposure of each: what the extension's calls cost up to its lock, the calls
// still up at that moment counted only up to it (the lock hangs them up), the
// calls after it not at all (the dialplan refuses them). Nothing is mailed,
// nobody is locked, no state store is used.
import { AmiMessage } from '../actions/lockout/ami-message.js';
import { dayEndIn, planLockouts } from '../actions/lockout/policy.js';
import type { Config } from '../config/load.js';
import { severityRank, type Finding } from '../detection/rule.js';
import type { OutboundCall } from '../enrichment/call.js';
import { recogniseTrunks, TrunkEvidence } from '../enrichment/caller.js';
import { ForwardPairing } from '../enrichment/forwards.js';
import { ProfileAccumulator, round } from '../profiles/accumulator.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { extensionDayKey, fromExtensionDayKey } from '../profiles/extension-day.js';
import { liveHistories } from '../profiles/live-history.js';
import type { BadRow, Cdr } from '../sources/cdr.js';
import { addDays, eachDay } from '../time/pbx-clock.js';
import { LiveEngine } from './live-engine.js';
import { runReplay, type ReplayEvent, type ReplayResult } from './replay.js';
import { createEnricher } from '../enrichment/enrich.js';
import { createClock, createEnrichmentParts, createSource } from './setup.js';
import { markTrunkProfiles } from './trunks.js';

export interface EngineEvent extends ReplayEvent {
  engine: 'live' | 'sweep';
  /** The extension-day's cost up to this moment, calls up counted only up to it (see the file comment). */
  exposure: number;
}

/** One attack (an extension-day either engine locked or alerted), side by side. */
export interface AttackComparison {
  extension: string;
  day: string;
  /** The extension-day's first outbound call. */
  firstCall: string | null;
  costDay: number;
  live: EngineOutcome | null;
  sweep: EngineOutcome | null;
}

export interface EngineOutcome {
  /** The lockout (or, with LOCKOUT_MODE=off, the first critical alert). */
  action: 'lockout' | 'alert';
  time: string;
  minutesAfterFirstCall: number | null;
  rule: string;
  exposure: number;
}

export interface LiveReplayResult extends Omit<ReplayResult, 'events'> {
  events: EngineEvent[];
  attacks: AttackComparison[];
  /** AMI events derived from the CDRs and fed to the live engine. */
  liveEvents: number;
}

export interface LiveReplayOptions {
  config: Config;
  from: string;
  to: string;
  everyMinutes: number;
  onBadRow?: (row: BadRow) => void;
}

/** An AMI event derived from a CDR. */
interface Derived {
  at: number;
  /** Order among events of the same millisecond: begins before ends, creators of Local channels first. */
  order: number;
  message: AmiMessage;
}

export async function runLiveReplay(o: LiveReplayOptions): Promise<LiveReplayResult> {
  const { config } = o;
  const clock = createClock(config);
  const parts = createEnrichmentParts(config);
  const enrich = createEnricher(config.pbx, clock, parts);
  const source = createSource(config, clock);
  const lookback = config.detection.lookbackDays;
  const whole = new ProfileAccumulator((t) => clock.iso(t));
  const callsByKey = new Map<string, OutboundCall[]>();
  const derived = new Map<string, Derived[]>();
  const forwards = new ForwardPairing<undefined>(config.pbx);
  const trunks = new TrunkEvidence();
  const keep = (call: OutboundCall) => {
    whole.add(call);
    const k = extensionDayKey(call.extension, call.day);
    const list = callsByKey.get(k);
    if (list) list.push(call);
    else callsByKey.set(k, [call]);
  };
  let row = 0;
  for await (const batch of source.read({ days: { from: addDays(o.from, -lookback), to: o.to }, onBadRow: o.onBadRow ?? (() => {}) })) {
    for (const cdr of batch) {
      const e = enrich(cdr);
      forwards.note(cdr, e);
      trunks.note(e);
      if (e.direction === 'outbound') {
        if (e.call.local) forwards.hold(e.call, undefined);
        else keep(e.call);
      }
      const day = clock.local(cdr.start).day;
      if (day >= o.from && day <= o.to && cdr.lastapp === 'Dial') {
        let list = derived.get(day);
        if (!list) derived.set(day, (list = []));
        list.push(...dialEvents(cdr, ++row));
      }
    }
  }
  const recognised = new Set(recogniseTrunks(config.pbx, trunks.names));
  for (const { call } of forwards.resolve(recognised)) if (call) keep(call);
  const profiles = markTrunkProfiles(whole.profiles(), recognised);

  const engine = new LiveEngine({ config: { ...config, pbx: { ...config.pbx, trunks: [...recognised] } }, clock, parts });
  const dayEnd = dayEndIn(clock);
  const events: EngineEvent[] = [];
  const tickMs = config.live.tickSeconds * 1000;
  let liveEvents = 0;
  for (const day of eachDay(o.from, o.to)) {
    const history = profiles.filter((p) => p.day >= addDays(day, -lookback) && p.day < day);
    engine.histories = liveHistories(history, knownBefore(profiles, day));
    const list = (derived.get(day) ?? []).sort((a, b) => a.at - b.at || a.order - b.order);
    const alerted = new Set<string>();
    const locked = new Set<string>();
    const act = (findings: Finding[], t: number) => {
      const figures = (ext: string) => {
        const calls = ext === '*' ? [...callsByKey].filter(([k]) => fromExtensionDayKey(k).day === day).flatMap(([, v]) => v) : (callsByKey.get(extensionDayKey(ext, day)) ?? []);
        return { calls: calls.filter((c) => c.start <= t).length, exposure: exposureAt(calls, t, parts.price), callsDay: calls.length, costDay: round(calls.reduce((s, c) => s + c.price.cost, 0)) };
      };
      const event = (f: Finding, action: ReplayEvent['action']): EngineEvent => {
        const x = figures(f.extension);
        return { time: clock.iso(t), extension: f.extension, day: f.day, action, severity: f.severity, rule: f.rule, title: f.title, callsBefore: x.calls, costBefore: x.exposure, callsDay: x.callsDay, costDay: x.costDay, engine: 'live', exposure: x.exposure };
      };
      for (const f of worstCritical(findings)) {
        if (alerted.has(f.extension)) continue;
        alerted.add(f.extension);
        events.push(event(f, 'alert'));
      }
      if (config.lockout.mode === 'off') return;
      for (const p of planLockouts(findings, new Date(t), config.lockout, locked, dayEnd).lock) {
        locked.add(p.extension);
        engine.locked.add(p.extension); // the lock hangs its calls up: judged no more
        events.push(event(p.finding, 'lockout'));
      }
    };
    let nextTick = list.length ? list[0]!.at : Infinity;
    for (const d of list) {
      // Ticks while calls are up (their cost grows); nothing changes between events otherwise.
      while (nextTick <= d.at) {
        const s = engine.tick(nextTick);
        if (s.findings.length) act(s.findings, nextTick);
        nextTick = [...engine.tracker.calls()].length ? nextTick + tickMs : d.at + tickMs;
      }
      liveEvents++;
      const s = engine.feed(d.message, d.at);
      if (s.findings.length) act(s.findings, d.at);
    }
    engine.locked.clear();
  }

  const sweep = await runReplay({ config, from: o.from, to: o.to, everyMinutes: o.everyMinutes, ...(o.onBadRow ? { onBadRow: () => {} } : {}) });
  for (const e of sweep.events) {
    const t = Date.parse(e.time);
    events.push({ ...e, engine: 'sweep', exposure: e.extension === '*' ? e.costBefore : exposureAt(callsByKey.get(extensionDayKey(e.extension, e.day)) ?? [], t, parts.price) });
  }
  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.engine < b.engine ? -1 : a.engine > b.engine ? 1 : a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  return { ...sweep, events, attacks: compare(events, callsByKey, clock.iso.bind(clock)), liveEvents };
}

/** The AMI events a CDR of a Dial() stands for: DialBegin at start, DialEnd at answer (or at end when unanswered), Hangup of the far channel at end. */
function dialEvents(cdr: Cdr, n: number): Derived[] {
  const target = cdr.lastdata.split(',', 1)[0] ?? '';
  const slash = target.indexOf('/');
  if (slash <= 0) return [];
  const tech = target.slice(0, slash);
  const local = cdr.dstchannel.startsWith('Local/') && cdr.dstchannel.endsWith(';1');
  const dest = local ? cdr.dstchannel : `${tech}/replay-${n}`;
  const uid = `${cdr.uniqueid}#${n}`;
  const destUid = `far#${n}`;
  const common: [string, string][] = [['Channel', cdr.channel], ['Uniqueid', uid], ['Linkedid', cdr.linkedid || uid], ['Context', cdr.dcontext], ['Exten', cdr.dst], ['AccountCode', cdr.accountcode], ['CallerIDNum', cdr.src]];
  const far: [string, string][] = [['DestChannel', dest], ['DestUniqueid', destUid]];
  // Creators of Local channels dial first, so the Local channel's own Dial finds its creator.
  const order = cdr.channel.startsWith('Local/') ? 1 : 0;
  const out: Derived[] = [{ at: cdr.start, order, message: new AmiMessage([['Event', 'DialBegin'], ...common, ...far, ['DialString', target.slice(slash + 1)]]) }];
  const status = STATUS[cdr.disposition] ?? 'CANCEL';
  if (cdr.answer !== null && cdr.disposition === 'ANSWERED') out.push({ at: cdr.answer, order: 2, message: new AmiMessage([['Event', 'DialEnd'], ...common, ...far, ['DialStatus', 'ANSWER']]) });
  else out.push({ at: cdr.end, order: 2, message: new AmiMessage([['Event', 'DialEnd'], ...common, ...far, ['DialStatus', status]]) });
  out.push({ at: cdr.end, order: 3, message: new AmiMessage([['Event', 'Hangup'], ['Channel', dest], ['Uniqueid', destUid], ['Cause', '16']]) });
  return out;
}

const STATUS: Record<string, string> = { 'NO ANSWER': 'NOANSWER', BUSY: 'BUSY', FAILED: 'CHANUNAVAIL', CONGESTION: 'CONGESTION', CANCEL: 'CANCEL', ANSWERED: 'ANSWER' };

/** Countries each extension called on the days before `day`, as the store's known destinations would hold them. */
function knownBefore(profiles: readonly DailyProfile[], day: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of profiles) {
    if (p.day >= day || p.countries.length === 0) continue;
    const set = out.get(p.extension) ?? new Set<string>();
    for (const c of p.countries) set.add(c);
    out.set(p.extension, set);
  }
  return out;
}

/** What the calls cost up to `t`: answered calls billed up to min(end, t); calls started after `t` were refused. */
export function exposureAt(calls: readonly OutboundCall[], t: number, price: (d: OutboundCall['destination'], billsec: number) => { cost: number }): number {
  let cost = 0;
  for (const c of calls) {
    if (c.start > t || !c.answered) continue;
    const answeredAt = c.end - c.billsec * 1000;
    const billsec = Math.max(0, Math.floor((Math.min(c.end, t) - answeredAt) / 1000));
    cost += billsec === c.billsec ? c.price.cost : price(c.destination, billsec).cost;
  }
  return round(cost);
}

function worstCritical(findings: readonly Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    if (f.severity !== 'critical') continue;
    const b = best.get(f.extension);
    if (!b || severityRank(f.severity) > severityRank(b.severity) || f.estimatedCost > b.estimatedCost) best.set(f.extension, f);
  }
  return [...best.values()];
}

/** Per extension-day either engine acted on: each engine's lockout (else its first alert). */
function compare(events: readonly EngineEvent[], callsByKey: ReadonlyMap<string, OutboundCall[]>, iso: (t: number) => string): AttackComparison[] {
  const out = new Map<string, AttackComparison>();
  for (const e of events) {
    if (e.extension === '*') continue;
    const k = extensionDayKey(e.extension, e.day);
    let a = out.get(k);
    if (!a) {
      const calls = callsByKey.get(k) ?? [];
      const first = calls.length ? Math.min(...calls.map((c) => c.start)) : null;
      out.set(k, (a = { extension: e.extension, day: e.day, firstCall: first === null ? null : iso(first), costDay: e.costDay, live: null, sweep: null }));
    }
    const mine = a[e.engine];
    // A lockout outranks an alert; the first of each kind counts.
    if (mine && (mine.action === 'lockout' || e.action === 'alert')) continue;
    const first = a.firstCall === null ? null : Date.parse(a.firstCall);
    a[e.engine] = { action: e.action, time: e.time, minutesAfterFirstCall: first === null ? null : round((Date.parse(e.time) - first) / 60_000, 1), rule: e.rule, exposure: e.exposure };
  }
  return [...out.values()].sort((x, y) => y.costDay - x.costDay);
}
