// PostgreSQL backend (DATABASE_URL). The writer lease is a session advisory
// lock held on a dedicated connection for the whole run, so a killed process
// frees it when its connection drops; run_lock only names the holder.
import pg from 'pg';
import { redactUrl } from '../config/load.js';
import type { DayRange } from '../sources/cdr.js';
import { describePgError } from '../sources/pg-errors.js';
import { migrations, SCHEMA_MIGRATIONS_DDL } from './migrate.js';
import { findingValues, profileValues, rowToFinding, rowToLockout, rowToLockoutAck, rowToLockoutEvent, rowToLockoutExemption, rowToOutbox, rowToPosition, rowToProfile, rowToRun } from './rows.js';
import { describeHolder, runWithLease, thisProcess, type LeaseBackend, type LeaseHolder, type Op, type TxWriter } from './run.js';
import { INSERT_BATCH, statements } from './statements.js';
import { StoreBusyError, type LockoutStatus, type StateStore, type StoreTx } from './store.js';

export interface PostgresStoreOptions {
  url: string;
  lockWaitSeconds: number;
  migrationsDir?: string;
}

type Row = Record<string, unknown>;
const SQL = statements('postgres');
/** Advisory lock keys: "toll" + "stor" (writer lease) and "toll" + "migr" (migrations). */
const LOCK = [0x746f6c6c, 0x73746f72] as const;
const MIGRATION_LOCK = [0x746f6c6c, 0x6d696772] as const;

const numbered = new Map<string, string>();
/** `?` placeholders -> $1, $2 ... (cached: the statements are few). */
function pgSql(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

/** PostgreSQL text cannot hold NUL, and CDR text is attacker-controlled. */
function clean(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === 'string' && v.includes('\0') ? v.replace(/\0/g, '\uFFFD') : v));
}

export class PostgresStore implements StateStore, LeaseBackend {
  readonly description: string;
  private readonly pool: pg.Pool;
  private readonly leases = new Map<number, pg.PoolClient>();

  constructor(private readonly options: PostgresStoreOptions) {
    this.description = redactUrl(options.url);
    this.pool = new pg.Pool({ connectionString: options.url, max: 4, connectionTimeoutMillis: 10_000, application_name: 'tollguard' });
    this.pool.on('error', () => undefined); // an idle client dropped by the server; the next query reconnects
  }

  private fail(e: unknown): never {
    if (e instanceof StoreBusyError) throw e;
    throw new Error(`state store ${this.description}: ${describePgError(e)}`, { cause: e });
  }

  private async q(sql: string, params: readonly unknown[] = [], client: pg.Pool | pg.PoolClient = this.pool): Promise<Row[]> {
    try {
      return (await client.query(pgSql(sql), clean(params))).rows as Row[];
    } catch (e) {
      this.fail(e);
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      this.fail(e);
    }
  }

  async migrate(): Promise<string[]> {
    const client = await this.connect();
    const applied: string[] = [];
    try {
      await this.q('SELECT pg_advisory_lock(?, ?)', MIGRATION_LOCK, client);
      await this.q(SCHEMA_MIGRATIONS_DDL, [], client);
      const done = new Set((await this.q(SQL.applied, [], client)).map((r) => String(r.name)));
      for (const m of migrations('postgres', this.options.migrationsDir)) {
        if (done.has(m.name)) continue;
        await this.q('BEGIN', [], client);
        try {
          await client.query(m.sql);
          await this.q(SQL.recordMigration, [m.name, new Date().toISOString()], client);
          await this.q('COMMIT', [], client);
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`state store ${this.description}: migration ${m.name} failed: ${describePgError(e)}`, { cause: e });
        }
        applied.push(m.name);
      }
      await this.q('SELECT pg_advisory_unlock(?, ?)', MIGRATION_LOCK, client);
      client.release();
    } catch (e) {
      client.release(true);
      throw e;
    }
    return applied;
  }

  withRun<T>(job: string, window: DayRange | null, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return runWithLease(this, job, window, fn);
  }

  async acquire(job: string, window: DayRange | null): Promise<number> {
    const deadline = Date.now() + this.options.lockWaitSeconds * 1000;
    const client = await this.connect();
    try {
      for (;;) {
        const [r] = await this.q('SELECT pg_try_advisory_lock(?, ?) AS ok', LOCK, client);
        if (r?.ok) break;
        const left = deadline - Date.now();
        if (left <= 0) {
          const [h] = await this.q(SQL.holder, [], client);
          const who = h ? describeHolder(toHolder(h)) : 'another session';
          throw new StoreBusyError(`state store ${this.description} is busy: held by ${who}; gave up after waiting ${this.options.lockWaitSeconds} s`);
        }
        await new Promise((res) => setTimeout(res, Math.min(200, left)));
      }
      const me = thisProcess();
      const now = new Date().toISOString();
      await this.q('BEGIN', [], client);
      const [h] = await this.q(SQL.holder, [], client);
      await this.q(SQL.failInterrupted, [now, h ? `interrupted: ${describeHolder(toHolder(h))} ended without finishing` : 'interrupted'], client);
      const [run] = await this.q(SQL.insertRun, [job, window?.from ?? null, window?.to ?? null, now], client);
      const runId = Number(run!.id);
      await this.q(SQL.setHolder, [runId, job, me.pid, me.host, now], client);
      await this.q('COMMIT', [], client);
      this.leases.set(runId, client);
      return runId;
    } catch (e) {
      client.release(true); // ends the session, and with it any advisory lock taken
      throw e;
    }
  }

  async commit(runId: number, ops: readonly Op[], counts: Record<string, number>, message: string | null): Promise<void> {
    const client = this.lease(runId);
    await this.q('BEGIN', [], client);
    try {
      const w = this.writer(runId, client);
      for (const op of ops) await op(w);
      await this.q(SQL.finishRun, ['ok', new Date().toISOString(), JSON.stringify(counts), message, runId], client);
      await this.q(SQL.clearHolder, [runId], client);
      await this.q('COMMIT', [], client);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    await this.release(runId, client);
  }

  async abandon(runId: number, counts: Record<string, number>, message: string): Promise<void> {
    const client = this.leases.get(runId);
    try {
      // One statement each, autocommit; through the pool if the lease connection is broken.
      await this.q(SQL.finishRun, ['failed', new Date().toISOString(), JSON.stringify(counts), message, runId], client ?? this.pool);
      await this.q(SQL.clearHolder, [runId], client ?? this.pool);
    } finally {
      if (client) await this.release(runId, client);
    }
  }

  private lease(runId: number): pg.PoolClient {
    const client = this.leases.get(runId);
    if (!client) throw new Error(`run ${runId} holds no writer lock`);
    return client;
  }

  private async release(runId: number, client: pg.PoolClient): Promise<void> {
    this.leases.delete(runId);
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...LOCK]);
      client.release();
    } catch {
      client.release(true);
    }
  }

  private writer(runId: number, c: pg.PoolClient): TxWriter {
    const batched = async (sqlFor: (n: number) => string, rows: unknown[][]) => {
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        const chunk = rows.slice(i, i + INSERT_BATCH);
        await this.q(sqlFor(chunk.length), chunk.flat(), c);
      }
    };
    return {
      replaceProfiles: async (days, profiles) => {
        await this.q(SQL.deleteProfiles, [days.from, days.to], c);
        await batched(SQL.insertProfiles, profiles.map((p) => profileValues(p, runId, (b) => b)));
      },
      replaceFindings: async (days, findings) => {
        await batched(SQL.upsertFindings, findings.map((f) => findingValues(f, runId)));
        await this.q(SQL.deleteOtherFindings, [days.from, days.to, findings.map((f) => f.fingerprint)], c);
      },
      recordDestinations: async (destinations) => {
        for (const d of destinations) await this.q(SQL.upsertDestination, [d.extension, d.country, d.day, d.day], c);
      },
      setIngestPosition: (p) => this.q(SQL.upsertPosition, [p.source, p.identity, p.position, new Date().toISOString()], c),
      markAlerted: (fingerprint, calls, cost, at) => this.q(SQL.markAlerted, [at, calls, cost, fingerprint], c),
      upsertLockout: (r) => this.q(SQL.upsertLockout, [r.extension, r.status, r.reason, r.rule, r.runId, r.actor, r.at, r.at, r.expiresAt, r.error], c),
      addLockoutEvent: (e) => this.q(SQL.insertLockoutEvent, [e.extension, e.action, e.actor, e.detail, e.at], c),
      acknowledgeLockout: async (acks) => {
        for (const a of acks) await this.q(SQL.upsertLockoutAck, [a.extension, a.day, JSON.stringify(a.rules), a.calls, a.cost, a.actor, a.at], c);
      },
      setLockoutExemption: (extension, e) => (e ? this.q(SQL.upsertExemption, [extension, e.until, e.actor, e.at], c) : this.q(SQL.deleteExemption, [extension], c)),
      enqueueOutbox: (message, error, at) => this.q(SQL.insertOutbox, [at, error, JSON.stringify(message)], c),
      removeOutbox: (id) => this.q(SQL.deleteOutbox, [id], c),
      markOutboxAttempt: (id, error) => this.q(SQL.outboxAttempt, [error, id], c),
      setRunCounts: () => undefined,
      setRunMessage: () => undefined,
    };
  }

  async recentRuns(limit: number, job?: string) {
    return (job === undefined ? await this.q(SQL.recentRuns, [limit]) : await this.q(SQL.recentRunsOfJob, [job, limit])).map(rowToRun);
  }

  async loadProfiles(days: DayRange, extension?: string) {
    const rows = extension === undefined ? await this.q(SQL.profiles, [days.from, days.to]) : await this.q(SQL.profilesOf, [days.from, days.to, extension]);
    return rows.map(rowToProfile);
  }

  async knownCountries(beforeDay: string) {
    const out = new Map<string, Set<string>>();
    for (const r of await this.q(SQL.knownCountries, [beforeDay])) {
      const ext = String(r.extension);
      let set = out.get(ext);
      if (!set) out.set(ext, (set = new Set()));
      set.add(String(r.country));
    }
    return out;
  }

  async findings(days: DayRange) {
    return (await this.q(SQL.findings, [days.from, days.to])).map(rowToFinding);
  }

  async findingByFingerprint(fingerprint: string) {
    const [r] = await this.q(SQL.finding, [fingerprint]);
    return r ? rowToFinding(r) : null;
  }

  async ingestPosition(source: string) {
    const [r] = await this.q(SQL.position, [source]);
    return r ? rowToPosition(r) : null;
  }

  async lockouts(status?: LockoutStatus) {
    return (status === undefined ? await this.q(SQL.lockouts) : await this.q(SQL.lockoutsWith, [status])).map(rowToLockout);
  }

  async lockoutEvents(extension?: string, limit = 100) {
    return (extension === undefined ? await this.q(SQL.lockoutEvents, [limit]) : await this.q(SQL.lockoutEventsOf, [extension, limit])).map(rowToLockoutEvent);
  }

  async lockoutAcks(sinceDay: string) {
    return (await this.q(SQL.lockoutAcks, [sinceDay])).map(rowToLockoutAck);
  }

  async lockoutExemptions() {
    return (await this.q(SQL.lockoutExemptions)).map(rowToLockoutExemption);
  }

  async outbox() {
    return (await this.q(SQL.outbox)).map(rowToOutbox);
  }

  async close(): Promise<void> {
    for (const [runId, client] of this.leases) await this.release(runId, client);
    await this.pool.end();
  }
}

function toHolder(r: Row): LeaseHolder {
  return { runId: Number(r.run_id), job: String(r.job), pid: Number(r.pid), host: String(r.host), since: String(r.since) };
}
