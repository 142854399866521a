// SQLite backend (better-sqlite3, WAL). The writer lease is the run_lock row;
// a holder whose pid is gone from this host is stale and is taken over.
import Database from 'better-sqlite3';
import { ConfigError } from '../config/config-error.js';
import type { DayRange } from '../sources/cdr.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { migrations, SCHEMA_MIGRATIONS_DDL } from './migrate.js';
import { findingValues, profileValues, rowToFinding, rowToLockout, rowToLockoutAck, rowToLockoutEvent, rowToLockoutExemption, rowToOutbox, rowToPosition, rowToProfile, rowToRun } from './rows.js';
import { describeHolder, runWithLease, thisProcess, type LeaseBackend, type LeaseHolder, type Op, type TxWriter } from './run.js';
import { INSERT_BATCH, statements } from './statements.js';
import { StoreBusyError, type StateStore, type StoreTx } from './store.js';
import { holderAlive } from './liveness.js';

export interface SqliteStoreOptions {
  path: string;
  /** How long withRun waits for another run's lease before StoreBusyError. */
  lockWaitSeconds: number;
  /** sql/sqlite by default. */
  migrationsDir?: string;
}

type Row = Record<string, unknown>;
const SQL = statements('sqlite');

export class SqliteStore implements StateStore, LeaseBackend {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(private readonly options: SqliteStoreOptions) {
    this.description = `sqlite:${options.path}`;
    try {
      this.db = new Database(options.path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
    } catch (e) {
      const message = `state store ${this.description}: ${(e as Error).message}`;
      // A folder, a file that is not SQLite, or no permission: the path is wrong (exit 2), see TOLLGUARD_STATE.
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB') throw new ConfigError([`${message} (TOLLGUARD_STATE)`]);
      throw new Error(message);
    }
  }

  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async migrate(): Promise<string[]> {
    this.db.exec(SCHEMA_MIGRATIONS_DDL);
    const applied: string[] = [];
    for (const m of migrations('sqlite', this.options.migrationsDir)) {
      const ran = this.db
        .transaction(() => {
          if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(m.name)) return false;
          this.db.exec(m.sql);
          this.db.prepare(SQL.recordMigration).run(m.name, new Date().toISOString());
          return true;
        })
        .immediate();
      if (ran) applied.push(m.name);
    }
    return applied;
  }

  withRun<T>(job: string, window: DayRange | null, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return runWithLease(this, job, window, fn);
  }

  async acquire(job: string, window: DayRange | null): Promise<number> {
    const deadline = Date.now() + this.options.lockWaitSeconds * 1000;
    for (;;) {
      const got = this.tryAcquire(job, window);
      if (typeof got === 'number') return got;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new StoreBusyError(`state store ${this.description} is busy: held by ${describeHolder(got)}; gave up after waiting ${this.options.lockWaitSeconds} s`);
      }
      await new Promise((r) => setTimeout(r, Math.min(200, left)));
    }
  }

  private tryAcquire(job: string, window: DayRange | null): number | LeaseHolder {
    const me = thisProcess();
    try {
      return this.db
        .transaction((): number | LeaseHolder => {
          const h = this.st(SQL.holder).get() as Row | undefined;
          const holder = h && toHolder(h);
          if (holder && holderAlive(holder)) return holder;
          const now = new Date().toISOString();
          this.st(SQL.failInterrupted).run(now, holder ? `interrupted: ${describeHolder(holder)} ended without finishing` : 'interrupted');
          const { id } = this.st(SQL.insertRun).get(job, window?.from ?? null, window?.to ?? null, now) as { id: number };
          this.st(SQL.setHolder).run(id, job, me.pid, me.host, now);
          return Number(id);
        })
        .immediate();
    } catch (e) {
      // Another process is committing; report whoever holds the lease and keep waiting.
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      const h = this.st(SQL.holder).get() as Row | undefined;
      return h ? toHolder(h) : { runId: 0, job: 'unknown', pid: 0, host: 'unknown', since: 'unknown' };
    }
  }

  async commit(runId: number, ops: readonly Op[], counts: Record<string, number>, message: string | null): Promise<void> {
    const w = this.writer(runId);
    this.db
      .transaction(() => {
        const h = this.st(SQL.holder).get() as Row | undefined;
        if (!h || Number(h.run_id) !== runId) throw new Error(`run ${runId} lost the writer lock before it could commit`);
        for (const op of ops) op(w);
        this.st(SQL.finishRun).run('ok', new Date().toISOString(), JSON.stringify(counts), message, runId);
        this.st(SQL.clearHolder).run(runId);
      })
      .immediate();
  }

  async abandon(runId: number, counts: Record<string, number>, message: string): Promise<void> {
    this.db
      .transaction(() => {
        this.st(SQL.finishRun).run('failed', new Date().toISOString(), JSON.stringify(counts), message, runId);
        this.st(SQL.clearHolder).run(runId);
      })
      .immediate();
  }

  private writer(runId: number): TxWriter {
    return {
      replaceProfiles: (days: DayRange, profiles: readonly DailyProfile[]) => {
        this.st(SQL.deleteProfiles).run(days.from, days.to);
        const insert = this.st(SQL.insertProfiles(1));
        for (const p of profiles) insert.run(profileValues(p, runId, (b) => (b ? 1 : 0)));
      },
      replaceFindings: (days, findings) => {
        const upsert = this.st(SQL.upsertFindings(1));
        for (const f of findings) upsert.run(findingValues(f, runId));
        this.st(SQL.deleteOtherFindings).run(days.from, days.to, JSON.stringify(findings.map((f) => f.fingerprint)));
      },
      recordDestinations: (destinations) => {
        const upsert = this.st(SQL.upsertDestination);
        for (const d of destinations) upsert.run(d.extension, d.country, d.day, d.day);
      },
      setIngestPosition: (p) => this.st(SQL.upsertPosition).run(p.source, p.identity, p.position, new Date().toISOString()),
      markAlerted: (fingerprint, calls, cost, at) => this.st(SQL.markAlerted).run(at, calls, cost, fingerprint),
      upsertLockout: (r) =>
        this.st(SQL.upsertLockout).run(r.extension, r.status, r.reason, r.rule, r.runId, r.actor, r.at, r.at, r.expiresAt, r.error),
      addLockoutEvent: (e) => this.st(SQL.insertLockoutEvent).run(e.extension, e.action, e.actor, e.detail, e.at),
      acknowledgeLockout: (acks) => {
        for (const a of acks) this.st(SQL.upsertLockoutAck).run(a.extension, a.day, JSON.stringify(a.rules), a.calls, a.cost, a.actor, a.at);
      },
      setLockoutExemption: (extension, e) => (e ? this.st(SQL.upsertExemption).run(extension, e.until, e.actor, e.at) : this.st(SQL.deleteExemption).run(extension)),
      enqueueOutbox: (message, error, at) => this.st(SQL.insertOutbox).run(at, error, JSON.stringify(message)),
      removeOutbox: (id) => this.st(SQL.deleteOutbox).run(id),
      markOutboxAttempt: (id, error) => this.st(SQL.outboxAttempt).run(error, id),
      setRunCounts: () => undefined,
      setRunMessage: () => undefined,
    };
  }

  async recentRuns(limit: number, job?: string) {
    const rows = (job === undefined ? this.st(SQL.recentRuns).all(limit) : this.st(SQL.recentRunsOfJob).all(job, limit)) as Row[];
    return rows.map(rowToRun);
  }

  async loadProfiles(days: DayRange, extension?: string) {
    const rows = (extension === undefined ? this.st(SQL.profiles).all(days.from, days.to) : this.st(SQL.profilesOf).all(days.from, days.to, extension)) as Row[];
    return rows.map(rowToProfile);
  }

  async knownCountries(beforeDay: string) {
    const out = new Map<string, Set<string>>();
    for (const r of this.st(SQL.knownCountries).iterate(beforeDay) as IterableIterator<{ extension: string; country: string }>) {
      let set = out.get(r.extension);
      if (!set) out.set(r.extension, (set = new Set()));
      set.add(r.country);
    }
    return out;
  }

  async findings(days: DayRange) {
    return (this.st(SQL.findings).all(days.from, days.to) as Row[]).map(rowToFinding);
  }

  async findingByFingerprint(fingerprint: string) {
    const r = this.st(SQL.finding).get(fingerprint) as Row | undefined;
    return r ? rowToFinding(r) : null;
  }

  async ingestPosition(source: string) {
    const r = this.st(SQL.position).get(source) as Row | undefined;
    return r ? rowToPosition(r) : null;
  }

  async lockouts(status?: string) {
    const rows = (status === undefined ? this.st(SQL.lockouts).all() : this.st(SQL.lockoutsWith).all(status)) as Row[];
    return rows.map(rowToLockout);
  }

  async lockoutEvents(extension?: string, limit = 100) {
    const rows = (extension === undefined ? this.st(SQL.lockoutEvents).all(limit) : this.st(SQL.lockoutEventsOf).all(extension, limit)) as Row[];
    return rows.map(rowToLockoutEvent);
  }

  async lockoutAcks(sinceDay: string) {
    return (this.st(SQL.lockoutAcks).all(sinceDay) as Row[]).map(rowToLockoutAck);
  }

  async lockoutExemptions() {
    return (this.st(SQL.lockoutExemptions).all() as Row[]).map(rowToLockoutExemption);
  }

  async outbox() {
    return (this.st(SQL.outbox).all() as Row[]).map(rowToOutbox);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toHolder(r: Row): LeaseHolder {
  return { runId: Number(r.run_id), job: String(r.job), pid: Number(r.pid), host: String(r.host), since: String(r.since) };
}

