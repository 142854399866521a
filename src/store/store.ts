// The state store: what tollguard remembers between runs. Two backends with the
// same behaviour: SQLite (embedded default) and PostgreSQL (DATABASE_URL).
// Migrations live in sql/. Every write of a run happens inside `withRun`, in one
// transaction, so a run killed halfway leaves the store as it was.
import type { Finding } from '../detection/rule.js';
import type { DayRange } from '../sources/cdr.js';
import type { DailyProfile } from '../profiles/daily-profile.js';

export type RunStatus = 'running' | 'ok' | 'failed';

export interface RunRecord {
  id: number;
  /** report, nightly, sweep, replay, lockout ... */
  job: string;
  window: DayRange | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  /** rowsRead, findings, alerts ... */
  counts: Record<string, number>;
  message: string | null;
}

export interface KnownDestination {
  extension: string;
  /** ISO country or non-geographic code such as "+882". */
  country: string;
  firstSeen: string;
  lastSeen: string;
}

export interface StoredFinding extends Finding {
  runId: number;
  /** When an alert for this fingerprint was last mailed, with the calls and cost it reported. */
  alertedAt: string | null;
  alertedCalls: number | null;
  alertedCost: number | null;
}

export type LockoutStatus = 'active' | 'pending' | 'removed' | 'failed' | 'dry-run';

export interface LockoutRecord {
  extension: string;
  status: LockoutStatus;
  reason: string;
  rule: string | null;
  runId: number | null;
  /** Who or what did it: "rule intl-spike (run 12)", "admin via CLI". */
  actor: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  /** Last failure (AMI unreachable, permission denied), for pending lockouts. */
  error: string | null;
}

export interface LockoutEvent {
  extension: string;
  action: 'lock' | 'unlock' | 'fail' | 'dry-run' | 'hangup';
  actor: string;
  detail: string;
  at: string;
}

/**
 * What an admin acknowledged for one extension and day by removing its lock:
 * the rules of its findings then and the most calls and cost they measured.
 */
export interface LockoutAck {
  extension: string;
  day: string;
  rules: string[];
  calls: number;
  cost: number;
  actor: string;
  at: string;
}

/** `lockout remove --until/--for`: no automatic lock of the extension before `until` (ISO time). */
export interface LockoutExemption {
  extension: string;
  until: string;
  actor: string;
  at: string;
}

/** Where incremental ingest got to in one input. */
export interface IngestPosition {
  /** File path or schema.table. */
  source: string;
  /** File: "dev:inode:firstLineHash". PostgreSQL: unused (""). */
  identity: string;
  /** File: byte offset. PostgreSQL: high-water mark "time|key". */
  position: string;
  updatedAt: string;
}

export interface OutboxMessage {
  id: number;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  /** A rendered message (nodemailer's options as JSON), sent as is. */
  message: unknown;
}

/** Reads and writes available inside a run's transaction. */
export interface StoreTx {
  readonly runId: number;
  /** Replaces every stored profile of the days in `days` with these (idempotent recompute). */
  replaceProfiles(days: DayRange, profiles: readonly DailyProfile[]): Promise<void>;
  /** Replaces the findings of these days; alert bookkeeping of surviving fingerprints is kept. */
  replaceFindings(days: DayRange, findings: readonly Finding[]): Promise<void>;
  /** Adds countries seen on a day; first/last seen and counts are merged. */
  recordDestinations(destinations: readonly (Omit<KnownDestination, 'firstSeen' | 'lastSeen'> & { day: string })[]): Promise<void>;
  setIngestPosition(position: Omit<IngestPosition, 'updatedAt'>): Promise<void>;
  markAlerted(fingerprint: string, calls: number, cost: number, at: string): Promise<void>;
  upsertLockout(record: Omit<LockoutRecord, 'createdAt' | 'updatedAt'> & { at: string }): Promise<void>;
  addLockoutEvent(event: LockoutEvent): Promise<void>;
  /** Records (replaces) the acknowledgement of each extension-day. */
  acknowledgeLockout(acks: readonly LockoutAck[]): Promise<void>;
  /** Sets the extension's exemption, or removes it (until null). */
  setLockoutExemption(extension: string, exemption: Omit<LockoutExemption, 'extension'> | null): Promise<void>;
  enqueueOutbox(message: unknown, error: string, at: string): Promise<void>;
  removeOutbox(id: number): Promise<void>;
  markOutboxAttempt(id: number, error: string): Promise<void>;
  setRunCounts(counts: Record<string, number>): Promise<void>;
  /** What the run did, kept with it (history and status show it): "1001: pending: AMI unreachable". */
  setRunMessage(message: string): Promise<void>;
}

export interface StateStore {
  /** "sqlite:/path" or "postgresql://host/db" with the password hidden. */
  readonly description: string;
  /** Applies pending migrations from sql/; returns the names applied. Safe to run twice. */
  migrate(): Promise<string[]>;
  /**
   * Runs `fn` as one run of `job`: takes the writer lock (waiting up to the
   * configured time, then failing with StoreBusyError naming the holder),
   * opens a transaction, records the run, commits all of it or none.
   */
  withRun<T>(job: string, window: DayRange | null, fn: (tx: StoreTx) => Promise<T>): Promise<T>;

  recentRuns(limit: number, job?: string): Promise<RunRecord[]>;
  loadProfiles(days: DayRange, extension?: string): Promise<DailyProfile[]>;
  /** Countries each extension called before `day` (any time back). */
  knownCountries(beforeDay: string): Promise<Map<string, Set<string>>>;
  findings(days: DayRange): Promise<StoredFinding[]>;
  findingByFingerprint(fingerprint: string): Promise<StoredFinding | null>;
  ingestPosition(source: string): Promise<IngestPosition | null>;
  lockouts(status?: LockoutStatus): Promise<LockoutRecord[]>;
  lockoutEvents(extension?: string, limit?: number): Promise<LockoutEvent[]>;
  /** Acknowledgements of days from `sinceDay` on. */
  lockoutAcks(sinceDay: string): Promise<LockoutAck[]>;
  lockoutExemptions(): Promise<LockoutExemption[]>;
  outbox(): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
}
