// A report over a window of days, end to end: read, judge, remember, act.
// `tollguard report` and the nightly job both run this. With a state store the
// window's profiles and findings replace what the store held for those days
// (a rerun is idempotent), and earlier runs' memory feeds the baselines.
import { replaceCdrFindings } from './replace-findings.js';
import { runLockouts, type LockoutStepResult, lockoutFailures, lockoutNotes, lockoutsMade } from '../actions/lockout/commands.js';
import { dayEndIn } from '../actions/lockout/policy.js';
import type { LockoutMode } from '../config/lockout.js';
import type { Config } from '../config/load.js';
import type { Report } from '../actions/report/report.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { type CdrSource, type DayRange, InputError } from '../sources/cdr.js';
import { QuarantineWriter, withQuarantine } from '../sources/quarantine.js';
import type { StateStore, StoreTx } from '../store/store.js';
import { addDays } from '../time/pbx-clock.js';
import { dayRuns } from './day-coverage.js';
import { collectFlaggedCalls, runReport, type ReportRun } from './run-report.js';
import { createClock, createEnrichment, createSource, isCsvSource } from './setup.js';
import { extensionDayKey } from '../profiles/extension-day.js';

export interface ReportJobOptions {
  config: Config;
  window: DayRange;
  job: string;
  now: Date;
  /** null: judge from the sources alone and remember nothing. */
  store: StateStore | null;
  quarantinePath: string;
  /** Fill report.flaggedCalls (CSV output, email attachment): a second pass over the window. */
  withCalls?: boolean;
  /** Lock by policy in this mode; undefined: no lockout step. */
  lockout?: LockoutMode;
  /** Extra work inside the run's transaction (e.g. mailing alerts), after findings are stored. */
  inRun?: (tx: StoreTx, report: Report) => Promise<void>;
  onProgress?: ReportRun['onProgress'];
  /**
   * Fail (InputError, exit 3) when the input gave no usable CDR at all (`tollguard
   * report`). The nightly job goes on instead: its mail warns of the days without
   * CDRs, and is how the admin hears of a dead feed.
   */
  requireRows?: boolean;
}

export interface ReportJobResult {
  report: Report;
  warnings: string[];
  lockouts: LockoutStepResult | null;
  runId: number | null;
}

export async function runReportJob(o: ReportJobOptions): Promise<ReportJobResult> {
  const { config, window, store } = o;
  const clock = createClock(config);
  const enrich = createEnrichment(config, clock);
  const source = createSource(config, clock);
  const quarantine = new QuarantineWriter(o.quarantinePath);
  const lookbackFrom = addDays(window.from, -config.detection.lookbackDays);

  // Memory stops before the window: a rerun judges the window afresh, not by its earlier verdicts.
  const memory = store ? await loadMemory(store, { from: lookbackFrom, to: addDays(window.from, -1) }) : undefined;
  const result = await withQuarantine(quarantine, () =>
    runReport({
      config,
      clock,
      sources: [source],
      enrich,
      window,
      onBadRow: quarantine.write,
      quarantineFile: () => quarantine.recordedIn(),
      memory,
      onProgress: o.onProgress,
      now: o.now,
      parallel: isCsvSource(source) ? { source, workers: config.cdr.readerThreads || 'auto' } : undefined,
    }),
  );
  const report = result.report;
  const unusable = o.requireRows ? nothingUsable(source, report.summary, [...(source.warnings ?? [])]) : null;
  if (unusable) throw new InputError(unusable);
  if (o.withCalls) report.flaggedCalls = await collectFlaggedCalls([source], enrich, report, config.pbx, result.trunks);
  const warnings = [...(source.warnings ?? []), ...(quarantine.problem ? [quarantine.problem] : [])];
  if (!store) return { report, warnings, lockouts: null, runId: null };

  let lockouts: LockoutStepResult | null = null;
  let runId: number | null = null;
  await store.withRun(o.job, window, async (tx) => {
    runId = tx.runId;
    // Only days the input holds are replaced: a wrong file must not wipe what the store knows.
    for (const days of dayRuns(result.coveredDays)) {
      await tx.replaceProfiles(days, report.profiles.filter((p) => p.day >= days.from && p.day <= days.to));
      await replaceCdrFindings(store, tx, days, report.findings.filter((f) => f.day >= days.from && f.day <= days.to));
    }
    await tx.recordDestinations(destinationsLearned(report.profiles, result.judgedFraudulent));
    if (o.lockout) lockouts = await runLockouts(config, store, tx, report.findings, { now: o.now, dayEnd: dayEndIn(clock), job: o.job, mode: o.lockout, profiles: report.profiles });
    report.lockouts = lockoutNotes(lockouts);
    if (o.inRun) await o.inRun(tx, report);
    const s = report.summary;
    const locks = lockouts as LockoutStepResult | null;
    await tx.setRunCounts({ rowsRead: s.rowsRead, rowsUsed: s.rowsUsed, rowsQuarantined: s.rowsQuarantined, critical: s.findings.critical, warning: s.findings.warning, info: s.findings.info, lockouts: lockoutsMade(locks), lockoutsFailed: lockoutFailures(locks) });
  });
  return { report, warnings, lockouts, runId };
}

/**
 * Why the input gave no CDR at all, or null: files that are empty, or whose every
 * row was bad (a PNG, a layout tollguard misreads), or a table whose every row in
 * the days asked was bad. Nothing usable is not a quiet day: the run fails (exit 3)
 * rather than report an all clear. A table with no rows for the days is a window
 * without CDRs, which the report itself warns about.
 */
function nothingUsable(source: CdrSource, s: Report['summary'], warnings: string[]): string | null {
  if (s.rowsRead > s.rowsQuarantined) return null;
  const files = isCsvSource(source);
  if (!files && s.rowsRead === 0) return null;
  const what = s.rowsRead === 0
    ? 'no rows at all (empty files)'
    : `all ${s.rowsRead.toLocaleString('en-US')} rows were set aside as bad${s.quarantineFile ? ` (in ${s.quarantineFile})` : ''}`;
  return [`no usable CDR row in ${source.description}: ${what}. Check the ${files ? 'files given (--csv, CDR_CSV) and CDR_CSV_LAYOUT' : 'table (CDR_TABLE) and its columns (CDR_COLUMN_MAP)'}.`, ...warnings].join('\n  ');
}

/** What earlier runs remember about the lookback and before. */
async function loadMemory(store: StateStore, days: DayRange): Promise<NonNullable<ReportRun['memory']>> {
  const [profiles, knownCountries, findings] = await Promise.all([store.loadProfiles(days), store.knownCountries(days.from), store.findings(days)]);
  const judgedFraudulent = new Set(findings.filter((f) => f.severity === 'critical').map((f) => extensionDayKey(f.extension, f.day)));
  return { profiles, knownCountries, judgedFraudulent };
}

/** Countries called on days not judged fraudulent: an attack must not make its destinations "known". */
function destinationsLearned(profiles: readonly DailyProfile[], fraudulent: ReadonlySet<string>) {
  const out: { extension: string; country: string; day: string }[] = [];
  for (const p of profiles) {
    if (fraudulent.has(extensionDayKey(p.extension, p.day))) continue;
    for (const country of p.countries) out.push({ extension: p.extension, country, day: p.day });
  }
  return out;
}
