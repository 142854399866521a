// The report pipeline: CDR sources -> enrichment -> daily profiles -> judge ->
// Report. Sources and the quarantine are the only I/O; everything between is
// pure. Baselines learn from the lookback days read from the same sources (and
// from the state store's memory when one is given).
import type { Config } from '../config/load.js';
import { judge } from '../detection/judge.js';
import { SEVERITIES, type Finding, type Severity } from '../detection/rule.js';
import type { OutboundCall } from '../enrichment/call.js';
import type { Enriched } from '../enrichment/enrich.js';
import { round } from '../profiles/accumulator.js';
import type { Baseline } from '../profiles/baseline.types.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { BadRow, Cdr, CdrSource, DayRange } from '../sources/cdr.js';
import { addDays, eachDay, type PbxClock } from '../time/pbx-clock.js';
import { ReportFold } from './fold.js';
import { markTrunkProfiles } from './trunks.js';
import { isCallerKey, recogniseTrunks } from '../enrichment/caller.js';
import { ForwardPairing } from '../enrichment/forwards.js';
import type { PbxConfig } from '../config/pbx.js';
import { foldInParallel, type ParallelRead } from './parallel/read.js';
import type { ChartPoint, FlaggedDay, Report, ReportSummary } from '../actions/report/report.js';
import { median as medianOf } from '../profiles/stats.js';
import { extensionDayKey, fromExtensionDayKey } from '../profiles/extension-day.js';

export interface ReportRun {
  config: Config;
  clock: PbxClock;
  sources: CdrSource[];
  enrich: (cdr: Cdr) => Enriched;
  window: DayRange;
  onBadRow: (row: BadRow) => void;
  quarantineFile?: () => string | null;
  /** Memory from the state store: profiles before what the sources hold, countries known, days judged fraudulent. */
  memory?: { profiles: DailyProfile[]; knownCountries: Map<string, Set<string>>; judgedFraudulent: Set<string> };
  /** Called every ~100k rows, for progress on a terminal. */
  onProgress?: (rowsRead: number) => void;
  now?: Date;
  /** Judge only the rules meaningful on a partial day (the sweep). */
  intradayOnly?: boolean;
  /** Read the (one, cdr_csv) source on worker threads when it is large enough; `sources` must hold it alone. */
  parallel?: ParallelRead;
}

export interface ReportResult {
  /** Window days the sources hold at least one CDR for: the days this run may replace in the store. */
  coveredDays: string[];
  report: Report;
  judgedFraudulent: Set<string>;
  /** TRUNKS, or the trunks recognised in the rows read. */
  trunks: string[];
}

export async function runReport(run: ReportRun): Promise<ReportResult> {
  const { config, window } = run;
  const lookback = config.detection.lookbackDays;
  const readDays: DayRange = { from: addDays(window.from, -lookback), to: window.to };
  const parallel = run.parallel ? await foldInParallel(run.parallel, { ...run, readDays }) : null;
  const fold = parallel?.fold ?? (await foldInOrder(run, readDays));
  if (parallel && !parallel.fold && parallel.why) run.parallel!.source.warnings.push(`read on one thread: ${parallel.why}`);
  const fromSources = fold.takeProfiles();
  const { counts, coverage } = fold;
  // The store fills in lookback days the sources no longer hold (a rotated-away
  // Master.csv); a day the sources hold is recomputed from them alone. Window
  // days are judged from the sources only: without CDRs there is nothing to report.
  const remembered = (run.memory?.profiles ?? []).filter((p) => p.day < window.from && !coverage.covered(p.day));
  // Trunks named by the rows, or recognised by earlier runs (a sweep early in the day may not see them named yet).
  const knownTrunks = (run.memory?.profiles ?? []).filter((p) => p.caller?.kind === 'trunk' && !isCallerKey(p.extension)).map((p) => p.extension);
  const trunks = recogniseTrunks(config.pbx, [...fold.trunksSeen(), ...knownTrunks]);
  markTrunkProfiles(fromSources, new Set(trunks));
  const daysWithoutCdrs = coverage.missing(window);
  const judged = judge({
    profiles: [...remembered, ...fromSources],
    window,
    detection: config.detection,
    knownCountries: run.memory?.knownCountries,
    judgedFraudulent: run.memory?.judgedFraudulent,
    exemptExtensions: config.pbx.exemptExtensions,
    currency: config.pricing.currency,
    intradayOnly: run.intradayOnly,
  });

  const all = [...remembered, ...fromSources];
  const inWindow = all.filter((p) => p.day >= window.from && p.day <= window.to);
  const stats = run.sources.reduce(
    (s, src) => ({
      read: s.read + src.stats.rowsRead,
      bad: s.bad + src.stats.rowsQuarantined,
      outside: s.outside + src.stats.rowsOutsideWindow,
      merged: s.merged + src.stats.rowsMerged,
    }),
    { read: 0, bad: 0, outside: 0, merged: 0 },
  );
  const flaggedKeys = new Set(judged.findings.map((f) => extensionDayKey(f.extension, f.day)));
  const summary: ReportSummary = {
    rowsRead: stats.read,
    rowsUsed: stats.read - stats.bad - stats.outside - stats.merged,
    rowsInWindow: counts.outbound + counts.internal + counts.inbound + counts.leg + counts.blocked,
    daysWithoutCdrs,
    rowsQuarantined: stats.bad,
    rowsOutsideWindow: stats.outside,
    rowsMerged: stats.merged,
    quarantineFile: run.quarantineFile?.() ?? null,
    outboundCalls: counts.outbound,
    internalCalls: counts.internal,
    inboundCalls: counts.inbound,
    otherLegs: counts.leg,
    blockedCalls: counts.blocked,
    extensions: new Set(inWindow.filter((p) => p.outboundCalls > 0 && !p.caller).map((p) => p.extension)).size,
    findings: countBySeverity(judged.findings),
    estimatedCost: round(inWindow.reduce((s, p) => s + p.estimatedCost, 0)),
    flaggedCost: round(inWindow.filter((p) => flaggedKeys.has(extensionDayKey(p.extension, p.day))).reduce((s, p) => s + p.estimatedCost, 0)),
    currency: config.pricing.currency,
    costEstimated: inWindow.some((p) => p.costEstimated),
  };

  const report: Report = {
    window: { from: window.from, to: window.to, timezone: config.pbx.timezone },
    generatedAt: (run.now ?? new Date()).toISOString(),
    source: run.sources.map((s) => s.description).join(', '),
    summary,
    profiles: inWindow,
    findings: judged.findings,
    flagged: flaggedDays(judged.findings, judged.baselines, all, lookback),
    blockedAttempts: [...fold.blocked].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
    lockTargets: { guestEndpoints: config.pbx.guestEndpoints, family: config.lockout.family },
  };
  const coveredDays = [...eachDay(window.from, window.to)].filter((d) => !daysWithoutCdrs.includes(d));
  return { report, judgedFraudulent: judged.judgedFraudulent, coveredDays, trunks };
}

/** Every row of every source through one fold, in order. */
async function foldInOrder(run: ReportRun, readDays: DayRange): Promise<ReportFold> {
  const fold = new ReportFold(run.clock, run.enrich, readDays, run.window, run.config.pbx);
  let seen = 0;
  for (const source of run.sources) {
    for await (const batch of source.read({ days: readDays, onBadRow: run.onBadRow })) {
      for (const cdr of batch) fold.add(cdr);
      seen += batch.length;
      if (run.onProgress && seen >= 100_000) {
        run.onProgress(totalRead(run.sources));
        seen = 0;
      }
    }
  }
  return fold;
}

function totalRead(sources: CdrSource[]): number {
  return sources.reduce((n, s) => n + s.stats.rowsRead, 0);
}

function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

/** Findings of PBX-wide rules name this extension. */
const PBX = '*';

/** One chart per flagged extension-day: its lookback days and the day itself against the baseline. */
function flaggedDays(findings: Finding[], baselines: Map<string, Baseline>, profiles: DailyProfile[], lookback: number): FlaggedDay[] {
  const byKey = new Map(profiles.map((p) => [extensionDayKey(p.extension, p.day), p]));
  const pbxTotals = new Map<string, ChartPoint>();
  for (const p of profiles) {
    const t = pbxTotals.get(p.day) ?? { day: p.day, outboundCalls: 0, internationalCalls: 0, estimatedCost: 0 };
    t.outboundCalls += p.outboundCalls;
    t.internationalCalls += p.internationalCalls;
    t.estimatedCost += p.estimatedCost;
    pbxTotals.set(p.day, t);
  }
  const worst = new Map<string, Severity>();
  for (const f of findings) {
    const key = extensionDayKey(f.extension, f.day);
    const w = worst.get(key);
    if (!w || SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(w)) worst.set(key, f.severity);
  }
  const out: FlaggedDay[] = [];
  for (const [key, severity] of worst) {
    const { extension, day } = fromExtensionDayKey(key);
    const series: ChartPoint[] = [];
    for (const d of eachDay(addDays(day, -lookback), day)) {
      const p = extension === PBX ? pbxTotals.get(d) : byKey.get(extensionDayKey(extension, d));
      series.push({ day: d, outboundCalls: p?.outboundCalls ?? 0, internationalCalls: p?.internationalCalls ?? 0, estimatedCost: round(p?.estimatedCost ?? 0) });
    }
    const b = baselines.get(key);
    // A PBX-wide finding has no extension baseline: its chart's line is the median of the PBX's days before.
    const history = series.slice(0, -1);
    out.push({
      extension,
      day,
      worstSeverity: severity,
      series,
      baseline: {
        outboundCalls: b?.metrics.outboundCalls.median ?? medianOf(history.map((p) => p.outboundCalls)),
        internationalCalls: b?.metrics.internationalCalls.median ?? medianOf(history.map((p) => p.internationalCalls)),
        estimatedCost: b?.metrics.estimatedCost.median ?? medianOf(history.map((p) => p.estimatedCost)),
      },
      historyDays: b?.historyDays ?? history.length,
      coldStart: b?.coldStart ?? extension !== PBX,
    });
  }
  return out;
}

/** Second pass for outputs that list calls (CSV, email attachment): the outbound calls of flagged extension-days. */
export async function collectFlaggedCalls(
  sources: CdrSource[],
  enrich: (cdr: Cdr) => Enriched,
  report: Report,
  pbx: Pick<PbxConfig, 'extensionMaxDigits' | 'allowedForwards'>,
  /** ReportResult.trunks: the first pass's, so calls get the same keys. */
  trunks: readonly string[],
): Promise<OutboundCall[]> {
  const wanted = new Set(report.findings.map((f) => extensionDayKey(f.extension, f.day)));
  const pbxWide = new Set(report.findings.filter((f) => f.extension === '*').map((f) => f.day));
  const calls: OutboundCall[] = [];
  if (wanted.size === 0) return calls;
  const flagged = (call: OutboundCall) => wanted.has(extensionDayKey(call.extension, call.day)) || (pbxWide.has(call.day) && call.price.cost > 0);
  // Local channels' calls are known by their forward once every row is read.
  const forwards = new ForwardPairing<number>(pbx);
  for (const source of sources) {
    for await (const batch of source.read({ days: report.window, onBadRow: () => {} })) {
      for (const cdr of batch) {
        const e = enrich(cdr);
        forwards.note(cdr, e);
        if (e.direction !== 'outbound') continue;
        if (e.call.local) forwards.hold(e.call, calls.length);
        else if (flagged(e.call)) calls.push(e.call);
      }
    }
  }
  // Each in the place of its own row.
  const paired = forwards.resolve(new Set(trunks)).filter((r): r is { call: OutboundCall; tag: number } => r.call !== null && flagged(r.call));
  if (paired.length === 0) return calls;
  const out: OutboundCall[] = [];
  let next = 0;
  for (const [i, call] of calls.entries()) {
    while (next < paired.length && paired[next]!.tag <= i) out.push(paired[next++]!.call);
    out.push(call);
  }
  while (next < paired.length) out.push(paired[next++]!.call);
  return out;
}
