// What a scheduled job is given and what it reports, for `tollguard run`, the
// daemon's log line and `tollguard status`.
import type { Config } from '../src/config/load.js';
import type { DayRange } from '../src/sources/cdr.js';
import type { StateStore } from '../src/store/store.js';
import type { Flagged } from './summary.js';

export interface JobContext {
  config: Config;
  store: StateStore;
  /** The job's clock: "yesterday", "today so far" and lockout ages follow it (--now). */
  now: Date;
  quarantinePath: string;
}

export interface JobSummary {
  runId: number | null;
  window: DayRange;
  rowsRead: number;
  /** Rows new since the last sweep (sweep only). */
  rowsNew?: number;
  findings: { critical: number; warning: number; info: number };
  /** Alert or report mails sent or queued. */
  mails: number;
  /** Mails that failed (queued for the next run): the run exits 4. */
  mailFailed: number;
  lockouts: number;
  /** Lockouts left pending or failed (AMI unreachable, refused): the run exits 4. */
  lockoutsFailed: number;
  /** LOCKOUT_MODE=dry-run: the extensions it would have locked (and did not). */
  wouldLock: string[];
  /** Extension-days with findings, most severe first. */
  flagged: Flagged[];
  /** Critical findings no mail carried (email not configured): `run` exits 1. */
  undelivered: number;
  /** What the admin must hear (no mail settings, unreadable inputs), on the log line too. */
  warnings: string[];
  /** Human lines for the terminal (warnings, lockout decisions, mail). */
  notes: string[];
}

export type Job = (ctx: JobContext) => Promise<JobSummary>;
