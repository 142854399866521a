// `tollguard replay`: the sweep over history with a moving clock. Each tick
// sees the CDRs written by then (a CDR is written at hangup) and judges the
// day so far with the intraday rules against whole-day baselines, exactly as a
// sweep would; the first alert and the first lockout of each extension-day are
// reported with the calls and cost it had made before that moment. Nothing is
// mailed, nobody is locked and no state store is read or written: an admin
// tunes thresholds on last month's incident and sees the effect.
import { dayEndIn, planLockouts } from '../actions/lockout/policy.js';
import type { Config } from '../config/load.js';
import { judge } from '../detection/judge.js';
import type { Finding, Severity } from '../detection/rule.js';
import { ProfileAccumulator, round } from '../profiles/accumulator.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { BadRow } from '../sources/cdr.js';
import { addDays, eachDay } from '../time/pbx-clock.js';
import { createClock, createEnrichment, createSource } from './setup.js';
import type { OutboundCall } from '../enrichment/call.js';
import { extensionKey, recogniseTrunks, TrunkEvidence } from '../enrichment/caller.js';
import { markTrunkProfiles } from './trunks.js';
import { ForwardPairing } from '../enrichment/forwards.js';

export interface ReplayEvent {
  /** The sweep's clock, PBX local time with offset. */
  time: string;
  extension: string;
  day: string;
  action: 'alert' | 'lockout';
  severity: Severity;
  rule: string;
  title: string;
  /** Outbound calls and estimated cost of the extension-day written by then ("*": the whole PBX). */
  callsBefore: number;
  costBefore: number;
  /** The same for the whole day, as it happened without tollguard. */
  callsDay: number;
  costDay: number;
}

export interface ReplayResult {
  from: string;
  to: string;
  everyMinutes: number;
  timezone: string;
  currency: string;
  lockoutMode: string;
  sweeps: number;
  rowsRead: number;
  rowsQuarantined: number;
  events: ReplayEvent[];
}

export interface ReplayOptions {
  config: Config;
  from: string;
  to: string;
  everyMinutes: number;
  onBadRow?: (row: BadRow) => void;
}

type Item = { end: number; call: OutboundCall | null; extension: string; weekday: number };

export async function runReplay(o: ReplayOptions): Promise<ReplayResult> {
  const { config } = o;
  const clock = createClock(config);
  const enrich = createEnrichment(config, clock);
  const source = createSource(config, clock);
  const lookback = config.detection.lookbackDays;
  const whole = new ProfileAccumulator((t) => clock.iso(t));
  const byDay = new Map<string, Item[]>();

  const keep = (item: Item, day: string) => {
    if (day < o.from) return;
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push(item);
  };
  // Local channels' calls are known by their forward once every row is read (forwards.ts).
  const forwards = new ForwardPairing<number>(config.pbx);
  const trunks = new TrunkEvidence();
  for await (const batch of source.read({ days: { from: addDays(o.from, -lookback), to: o.to }, onBadRow: o.onBadRow ?? (() => {}) })) {
    for (const cdr of batch) {
      const e = enrich(cdr);
      forwards.note(cdr, e);
      trunks.note(e);
      if (e.direction === 'outbound') {
        if (e.call.local) forwards.hold(e.call, cdr.end);
        else {
          whole.add(e.call);
          keep({ end: cdr.end, call: e.call, extension: e.call.extension, weekday: e.call.weekday }, e.call.day);
        }
      } else if (e.direction === 'blocked') {
        const local = clock.local(cdr.start);
        const extension = extensionKey(e.route.identity!.endpoint);
        whole.addBlocked(extension, local.day, local.weekday);
        keep({ end: cdr.end, call: null, extension, weekday: local.weekday }, local.day);
      }
    }
  }
  // As a report would: endpoints the rows show are trunks are judged as trunks (trunks.ts).
  const recognised = new Set(recogniseTrunks(config.pbx, trunks.names));
  for (const { call, tag: end } of forwards.resolve(recognised)) {
    if (!call) continue;
    whole.add(call);
    keep({ end, call, extension: call.extension, weekday: call.weekday }, call.day);
  }
  const wholeProfiles = markTrunkProfiles(whole.profiles(), recognised);
  const events: ReplayEvent[] = [];
  const dayEnd = dayEndIn(clock);
  const step = o.everyMinutes * 60_000;
  let sweeps = 0;

  for (const day of eachDay(o.from, o.to)) {
    const history = wholeProfiles.filter((p) => p.day >= addDays(day, -lookback) && p.day < day);
    const items = (byDay.get(day) ?? []).sort((a, b) => a.end - b.end);
    const acc = new ProfileAccumulator((t) => clock.iso(t));
    const alerted = new Set<string>();
    const locked = new Set<string>();
    let next = 0;
    // The last tick is the first sweep after midnight, which finishes the day.
    for (let t = clock.startOfDay(day) + step; t <= dayEnd(day) + step - 1; t += step) {
      const before = next;
      while (next < items.length && items[next]!.end <= t) {
        const it = items[next++]!;
        if (it.call) acc.add(it.call);
        else acc.addBlocked(it.extension, day, it.weekday);
      }
      if (next === before) continue; // nothing new: the sweep would judge the same
      sweeps++;
      const partial = markTrunkProfiles(acc.profiles(), recognised);
      const { findings } = judge({ profiles: [...history, ...partial], window: { from: day, to: day }, detection: config.detection, exemptExtensions: config.pbx.exemptExtensions, currency: config.pricing.currency, intradayOnly: true });
      const figures = (ext: string) => sums(partial, ext, day, (p) => p);
      const dayFigures = (ext: string) => sums(wholeProfiles, ext, day, (p) => p);
      const event = (f: Finding, action: ReplayEvent['action']): ReplayEvent => {
        const now = figures(f.extension);
        const all = dayFigures(f.extension);
        return { time: clock.iso(t), extension: f.extension, day, action, severity: f.severity, rule: f.rule, title: f.title, callsBefore: now.calls, costBefore: now.cost, callsDay: all.calls, costDay: all.cost };
      };
      for (const f of worstCritical(findings)) {
        if (alerted.has(f.extension)) continue;
        alerted.add(f.extension);
        events.push(event(f, 'alert'));
      }
      if (config.lockout.mode !== 'off') {
        for (const p of planLockouts(findings, new Date(t), config.lockout, locked, dayEnd).lock) {
          locked.add(p.extension);
          events.push(event(p.finding, 'lockout'));
        }
      }
    }
  }

  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.action < b.action ? -1 : a.action > b.action ? 1 : a.extension < b.extension ? -1 : 1));
  return {
    from: o.from, to: o.to, everyMinutes: o.everyMinutes, timezone: config.pbx.timezone, currency: config.pricing.currency,
    lockoutMode: config.lockout.mode, sweeps,
    rowsRead: source.stats.rowsRead, rowsQuarantined: source.stats.rowsQuarantined, events,
  };
}

/** Per extension, its most costly critical finding (what the alert mail leads with). */
function worstCritical(findings: readonly Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    if (f.severity !== 'critical') continue;
    const b = best.get(f.extension);
    if (!b || f.estimatedCost > b.estimatedCost) best.set(f.extension, f);
  }
  return [...best.values()];
}

function sums(profiles: readonly DailyProfile[], extension: string, day: string, pick: (p: DailyProfile) => DailyProfile): { calls: number; cost: number } {
  let calls = 0;
  let cost = 0;
  for (const p of profiles) {
    if (p.day !== day || (extension !== '*' && p.extension !== extension)) continue;
    const q = pick(p);
    calls += q.outboundCalls;
    cost += q.estimatedCost;
  }
  return { calls, cost: round(cost) };
}
