// The result of a run, as every output format (text, JSON, HTML, CSV, email) sees it.
import type { ConfigurationSection } from '../../audit/render/section.js';
import type { Finding, Severity } from '../../detection/rule.js';
import type { OutboundCall } from '../../enrichment/call.js';
import type { DailyProfile } from '../../profiles/daily-profile.js';

export interface ReportSummary {
  /** Every row the sources read; = rowsUsed + rowsQuarantined + rowsOutsideWindow + rowsMerged. */
  rowsRead: number;
  rowsUsed: number;
  rowsQuarantined: number;
  /** Valid rows outside the report window and its lookback. */
  rowsOutsideWindow: number;
  /** Second records of a call (cdr.conf unanswered=yes) folded into its first: one call, one attempt. */
  rowsMerged: number;
  /** Of the rows used, those in the report window (the rest taught the baselines); the call counts below are these. */
  rowsInWindow: number;
  /** Days of the window without a single CDR: a broken feed or a wrong file looks like this, not like a quiet day. */
  daysWithoutCdrs: string[];
  /** Where the quarantined rows were written, when there were any. */
  quarantineFile: string | null;
  /** Rows in the window, by direction. */
  outboundCalls: number;
  internalCalls: number;
  inboundCalls: number;
  otherLegs: number;
  blockedCalls: number;
  /** Extensions with at least one outbound call in the window. */
  extensions: number;
  findings: Record<Severity, number>;
  /** Estimated cost of all outbound calls in the window. */
  estimatedCost: number;
  /** Estimated cost of the calls on flagged extension-days. */
  flaggedCost: number;
  currency: string;
  /** True when some prices came from shipped estimates rather than a rate deck. */
  costEstimated: boolean;
}

/** One point of a flagged extension's chart: a day's figures. */
export interface ChartPoint {
  day: string;
  outboundCalls: number;
  internationalCalls: number;
  estimatedCost: number;
}

/** A flagged extension-day against its baseline, for the chart in HTML and email. */
export interface FlaggedDay {
  extension: string;
  day: string;
  worstSeverity: Severity;
  /** The lookback days and the flagged day, oldest first. */
  series: ChartPoint[];
  baseline: { outboundCalls: number; internationalCalls: number; estimatedCost: number };
  historyDays: number;
  coldStart: boolean;
}

/** A locked extension's call the lockout dialplan refused (its CDR in the tollguard-locked context). */
export interface BlockedAttempt {
  extension: string;
  /** Local start time (PBX zone, ISO). */
  time: string;
  /** What was dialled (the CDR's dst; the dialplan keeps the number). From the CDR: escape it. */
  dialled: string;
}

/** At most this many blocked attempts are listed; blockedCalls counts them all. */
export const BLOCKED_LISTED = 200;

/** From the configuration (pbx.guestEndpoints, lockout.family): what the steps may tell an admin to lock, and where. */
export interface LockTargets {
  guestEndpoints: readonly string[];
  family: string;
}

export interface Report {
  window: { from: string; to: string; timezone: string };
  generatedAt: string;
  source: string;
  summary: ReportSummary;
  /** Daily profiles of the window's days (not the lookback). */
  profiles: DailyProfile[];
  /** Most severe first, then by cost. */
  findings: Finding[];
  flagged: FlaggedDay[];
  /** The outbound calls of flagged extension-days; filled when the output needs them (CSV, email). */
  flaggedCalls?: OutboundCall[];
  /** What the run's lockout step did about each extension (set before the mail is composed). */
  lockouts?: { mode: 'dry-run' | 'enforce'; outcomes: { extension: string; status: string; detail: string }[] };
  /** The window's blocked attempts, in time order (at most BLOCKED_LISTED). */
  blockedAttempts?: BlockedAttempt[];
  /** What a printed lock may name: the guest endpoints (never locked) and the AstDB family of locks set by hand. Unset = the defaults. */
  lockTargets?: LockTargets;
  /** Open findings of the configuration audit (the nightly job, with AUDIT_ETC). */
  configuration?: ConfigurationSection;
}
