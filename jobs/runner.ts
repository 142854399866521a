// Runs one job once: never beside another run of itself (a lock file per job
// and state store: a second trigger while it runs is skipped, not queued), timed,
// and summed up as one structured log line.
import type { JobName } from '../src/config/schedule.js';
import type { Job, JobContext, JobSummary } from './job.js';
import { acquireLock, LockHeldError, lockPath } from './lock.js';
import type { Flagged } from './summary.js';
import { oneLine } from '../src/actions/report/escape.js';

/** A log line names this many extension-days at most (the most severe); flaggedMore counts the rest. */
const FLAGGED_MAX = 20;

export interface JobLogLine {
  time: string;
  job: JobName;
  runId: number | null;
  status: 'ok' | 'failed' | 'skipped';
  durationMs: number;
  /** The clock the job ran with, when it is not the wall clock (--now). */
  now?: string;
  window?: { from: string; to: string };
  rowsRead: number;
  rowsNew?: number;
  findings: number;
  critical: number;
  alerts: number;
  mailFailed: number;
  lockouts: number;
  lockoutsFailed: number;
  /** LOCKOUT_MODE=dry-run: extensions this run would have locked; absent when none. */
  wouldLock?: string[];
  /** Critical findings mailed to nobody (email not configured). */
  undelivered: number;
  /** Who was flagged and by which rules. */
  flagged: Flagged[];
  flaggedMore?: number;
  warnings: string[];
  error: string | null;
}

export interface JobRun {
  log: JobLogLine;
  summary: JobSummary | null;
  /** The thrown error of a failed run. */
  error?: unknown;
}

export async function runJob(name: JobName, job: Job, ctx: JobContext, wallClock: () => Date = () => new Date()): Promise<JobRun> {
  const started = wallClock();
  const base = { job: name, now: Math.abs(ctx.now.getTime() - started.getTime()) > 60_000 ? ctx.now.toISOString() : undefined };
  const line = (status: JobLogLine['status'], s: JobSummary | null, error: string | null): JobLogLine => ({
    time: started.toISOString(),
    ...base,
    runId: s?.runId ?? null,
    status,
    durationMs: wallClock().getTime() - started.getTime(),
    window: s?.window,
    rowsRead: s?.rowsRead ?? 0,
    rowsNew: s?.rowsNew,
    findings: s ? s.findings.critical + s.findings.warning + s.findings.info : 0,
    critical: s?.findings.critical ?? 0,
    alerts: s?.mails ?? 0,
    mailFailed: s?.mailFailed ?? 0,
    lockouts: s?.lockouts ?? 0,
    lockoutsFailed: s?.lockoutsFailed ?? 0,
    wouldLock: s?.wouldLock.length ? s.wouldLock.map((e) => oneLine(e, 80)) : undefined,
    undelivered: s?.undelivered ?? 0,
    flagged: s?.flagged.slice(0, FLAGGED_MAX) ?? [],
    flaggedMore: s && s.flagged.length > FLAGGED_MAX ? s.flagged.length - FLAGGED_MAX : undefined,
    warnings: s?.warnings ?? [],
    error,
  });

  let release: () => void;
  try {
    release = acquireLock(lockPath(ctx.config, name));
  } catch (e) {
    if (e instanceof LockHeldError) return { log: line('skipped', null, `already running: ${e.message}`), summary: null };
    throw e;
  }
  try {
    const summary = await job(ctx);
    return { log: line('ok', summary, null), summary };
  } catch (e) {
    return { log: line('failed', null, e instanceof Error ? e.message : String(e)), summary: null, error: e };
  } finally {
    release();
  }
}
