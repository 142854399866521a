// The sweep: every few minutes, today so far. Reads the CDRs written since the
// last sweep (and the rest of today's, to rebuild today's profiles exactly; see
// sweep-files.ts), judges them with the intraday rules against baselines of
// whole days from the state store, then alerts and locks by policy. Profiles,
// findings, alerts, lockouts and the read position commit in one run.
// The first sweep after midnight also finishes yesterday, unless a whole-day
// run (nightly, report) already judged it.
import { replaceCdrFindings } from './replace-findings.js';
import type { LockoutStepResult } from '../actions/lockout/commands.js';
import { runLockouts, lockoutFailures, lockoutNotes, lockoutsMade } from '../actions/lockout/commands.js';
import { dayEndIn } from '../actions/lockout/policy.js';
import type { Report } from '../actions/report/report.js';
import type { Config } from '../config/load.js';
import type { BadRow, Cdr, CdrSource, DayRange, ReadOptions } from '../sources/cdr.js';
import { QuarantineWriter, withQuarantine } from '../sources/quarantine.js';
import type { StateStore } from '../store/store.js';
import { addDays } from '../time/pbx-clock.js';
import { mailAlerts, type AlertOutcome } from './job-mail.js';
import { runReport, type ReportRun } from './run-report.js';
import { dayRuns } from './day-coverage.js';
import { createClock, createEnrichment, createSource } from './setup.js';
import { parseSweepState, SWEEP_POSITION, sweepCsvRead, type SweepState } from './sweep-files.js';
import { extensionDayKey } from '../profiles/extension-day.js';

export interface SweepOptions {
  config: Config;
  store: StateStore;
  now: Date;
  quarantinePath: string;
  /** Mail critical findings (default: when email is configured). */
  mail?: boolean;
}

export interface SweepResult {
  runId: number;
  window: DayRange;
  report: Report;
  /** Rows written since the last sweep (CSV); every row read for PostgreSQL. */
  rowsNew: number;
  /** Run as of a day before the last sweep's: files were read whole and no position was kept. */
  past: boolean;
  alerts: AlertOutcome;
  lockouts: LockoutStepResult | null;
  warnings: string[];
}

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const { config, store, now } = o;
  const clock = createClock(config);
  const today = clock.today(now);
  const stored = await store.ingestPosition(SWEEP_POSITION);
  const state = parseSweepState(stored?.position);
  const past = !!state && state.day > today;
  const yesterdayToo = (await finishesYesterday(store, state, today)) || (await lateRowsForYesterday(config, store, today, clock.startOfDay(today), now));
  const window: DayRange = { from: yesterdayToo ? addDays(today, -1) : today, to: today };

  let csv: Awaited<ReturnType<typeof sweepCsvRead>> = null;
  let source: CdrSource | null;
  if (config.cdr.source === 'csv' && !past) source = (csv = await sweepCsvRead(config, clock, state, window, today, now.getTime()))?.source ?? null;
  else source = windowed(createSource(config, clock), window, now.getTime());

  const lookbackFrom = addDays(window.from, -config.detection.lookbackDays);
  const [profiles, knownCountries, findings] = await Promise.all([
    store.loadProfiles({ from: lookbackFrom, to: addDays(window.from, -1) }),
    store.knownCountries(window.from),
    store.findings({ from: lookbackFrom, to: addDays(window.from, -1) }),
  ]);
  const memory: ReportRun['memory'] = { profiles, knownCountries, judgedFraudulent: new Set(findings.filter((f) => f.severity === 'critical').map((f) => extensionDayKey(f.extension, f.day))) };

  const quarantine = new QuarantineWriter(o.quarantinePath);
  const run = await withQuarantine(quarantine, () =>
    runReport({
      config, clock, window, memory, now, intradayOnly: true,
      sources: source ? [source] : [],
      enrich: createEnrichment(config, clock),
      onBadRow: quarantine.write,
      quarantineFile: () => quarantine.recordedIn(),
    }),
  );
  const { report, coveredDays: covered } = run;
  const marks = csv ? await csv.finish() : {};
  const warnings = [...(csv?.warnings ?? (source as { warnings?: string[] } | null)?.warnings ?? []), ...(quarantine.problem ? [quarantine.problem] : [])];
  const rowsNew = csv ? csv.rowsNew : report.summary.rowsUsed;

  let lockouts: LockoutStepResult | null = null;
  let alerts: AlertOutcome = { skipped: 'not run' };
  const runId = await store.withRun('sweep', window, async (tx) => {
    // Only days this sweep read rows for are replaced (no rows: nothing new, keep what earlier
    // sweeps stored and their alert bookkeeping), and a sweep run as of the past changes no day.
    for (const days of past ? [] : dayRuns(covered)) {
      await tx.replaceProfiles(days, report.profiles.filter((p) => p.day >= days.from && p.day <= days.to));
      await replaceCdrFindings(store, tx, days, report.findings.filter((f) => f.day >= days.from && f.day <= days.to));
    }
    if (config.lockout.mode !== 'off') lockouts = await runLockouts(config, store, tx, report.findings, { now, dayEnd: dayEndIn(clock), job: 'sweep', profiles: report.profiles });
    report.lockouts = lockoutNotes(lockouts);
    alerts = o.mail === false ? { skipped: 'mail off' } : await mailAlerts(config, store, tx, report, now);
    if (!past) {
      const next: SweepState = { v: 1, day: today, files: marks };
      await tx.setIngestPosition({ source: SWEEP_POSITION, identity: '', position: JSON.stringify(next) });
    }
    const s = report.summary;
    await tx.setRunCounts({
      rowsRead: s.rowsRead, rowsNew, rowsQuarantined: s.rowsQuarantined,
      critical: s.findings.critical, warning: s.findings.warning, info: s.findings.info,
      alerts: 'incidents' in alerts ? alerts.incidents : 0,
      lockouts: lockoutsMade(lockouts as LockoutStepResult | null),
      lockoutsFailed: lockoutFailures(lockouts as LockoutStepResult | null),
    });
    return tx.runId;
  });
  return { runId, window, report, rowsNew, past, alerts, lockouts, warnings };
}

/** The day changed since the last sweep, and no whole-day run has judged yesterday yet. */
async function finishesYesterday(store: StateStore, state: SweepState | null, today: string): Promise<boolean> {
  if (!state || state.day >= today) return false;
  return !(await judgedWhole(store, addDays(today, -1)));
}

/** A whole-day run (nightly, report) has judged the day. */
async function judgedWhole(store: StateStore, day: string): Promise<boolean> {
  const runs = await store.recentRuns(50);
  return runs.some((r) => r.status === 'ok' && r.job !== 'sweep' && r.window && r.window.from <= day && day <= r.window.to);
}

/**
 * A CDR table's rows carry the call's start (FreePBX's calldate) but are written
 * when the call ends: a call that began before midnight and ended after it is
 * written today under yesterday. For CDR_OVERLAP_MINUTES after midnight
 * (default 120: set it to the longest call you expect), a database sweep reads
 * yesterday whole again, so yesterday's profiles count every such call, once,
 * until a whole-day run has judged the day.
 * (Master.csv keeps its byte position: rows appended today are read whatever
 * their start; see sweep-files.ts.)
 */
async function lateRowsForYesterday(config: Config, store: StateStore, today: string, midnight: number, now: Date): Promise<boolean> {
  if (config.cdr.source === 'csv' || now.getTime() - midnight > config.cdr.database.overlapMinutes * 60_000) return false;
  return !(await judgedWhole(store, addDays(today, -1)));
}

/** A source limited to the window's days and to the CDRs already written by `now` (a CDR is written at hangup). */
function windowed(inner: CdrSource & { warnings?: string[] }, window: DayRange, writtenBy: number): CdrSource & { warnings?: string[] } {
  return {
    description: inner.description,
    get stats() {
      return inner.stats;
    },
    get warnings() {
      return inner.warnings;
    },
    async *read({ onBadRow }: ReadOptions): AsyncGenerator<Cdr[]> {
      for await (const batch of inner.read({ days: window, onBadRow: (r: BadRow) => onBadRow(r) })) {
        yield batch.filter((c) => c.end <= writtenBy);
      }
    },
  };
}
