// SQL both backends run, written with `?` placeholders (the PostgreSQL backend
// numbers them). Only the few dialect differences are switched here.
import { FINDING_COLUMNS, PROFILE_COLUMNS } from './rows.js';
import type { Dialect } from './migrate.js';

export function statements(d: Dialect) {
  const least = d === 'sqlite' ? 'min' : 'LEAST';
  const greatest = d === 'sqlite' ? 'max' : 'GREATEST';
  const findingUpdates = FINDING_COLUMNS.filter((c) => c !== 'fingerprint').map((c) => `${c} = excluded.${c}`).join(', ');
  return {
    insertProfiles: (rows: number) => multiInsert('daily_profiles', PROFILE_COLUMNS, rows),
    deleteProfiles: 'DELETE FROM daily_profiles WHERE day >= ? AND day <= ?',
    upsertFindings: (rows: number) => `${multiInsert('findings', FINDING_COLUMNS, rows)} ON CONFLICT (fingerprint) DO UPDATE SET ${findingUpdates}`,
    /** Last parameter: the fingerprints to keep, as a JSON array (SQLite) or text[] (PostgreSQL). */
    deleteOtherFindings:
      d === 'sqlite'
        ? 'DELETE FROM findings WHERE day >= ? AND day <= ? AND fingerprint NOT IN (SELECT value FROM json_each(?))'
        : 'DELETE FROM findings WHERE day >= ? AND day <= ? AND fingerprint <> ALL(?::text[])',
    upsertDestination:
      'INSERT INTO known_destinations (extension, country, first_seen, last_seen) VALUES (?, ?, ?, ?) ' +
      `ON CONFLICT (extension, country) DO UPDATE SET first_seen = ${least}(known_destinations.first_seen, excluded.first_seen), ` +
      `last_seen = ${greatest}(known_destinations.last_seen, excluded.last_seen)`,
    upsertPosition:
      'INSERT INTO ingest_positions (source, identity, position, updated_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (source) DO UPDATE SET identity = excluded.identity, position = excluded.position, updated_at = excluded.updated_at',
    markAlerted: 'UPDATE findings SET alerted_at = ?, alerted_calls = ?, alerted_cost = ? WHERE fingerprint = ?',
    upsertLockout:
      'INSERT INTO lockouts (extension, status, reason, rule, run_id, actor, created_at, updated_at, expires_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (extension) DO UPDATE SET status = excluded.status, reason = excluded.reason, rule = excluded.rule, run_id = excluded.run_id, ' +
      'actor = excluded.actor, updated_at = excluded.updated_at, expires_at = excluded.expires_at, error = excluded.error',
    insertLockoutEvent: 'INSERT INTO lockout_events (extension, action, actor, detail, at) VALUES (?, ?, ?, ?, ?)',
    upsertLockoutAck:
      'INSERT INTO lockout_acks (extension, day, rules, calls, cost, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (extension, day) DO UPDATE SET rules = excluded.rules, calls = excluded.calls, cost = excluded.cost, actor = excluded.actor, at = excluded.at',
    upsertExemption:
      'INSERT INTO lockout_exemptions (extension, until, actor, at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (extension) DO UPDATE SET until = excluded.until, actor = excluded.actor, at = excluded.at',
    deleteExemption: 'DELETE FROM lockout_exemptions WHERE extension = ?',
    insertOutbox: 'INSERT INTO outbox (created_at, attempts, last_error, message) VALUES (?, 1, ?, ?)',
    deleteOutbox: 'DELETE FROM outbox WHERE id = ?',
    outboxAttempt: 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?',

    insertRun: "INSERT INTO runs (job, window_from, window_to, started_at, status, counts) VALUES (?, ?, ?, ?, 'running', '{}') RETURNING id",
    finishRun: 'UPDATE runs SET status = ?, finished_at = ?, counts = ?, message = ? WHERE id = ?',
    /** Runs still 'running' when the lease is taken were interrupted (the lease guarantees it). */
    failInterrupted: "UPDATE runs SET status = 'failed', finished_at = ?, message = ? WHERE status = 'running'",
    holder: 'SELECT run_id, job, pid, host, since FROM run_lock WHERE id = 1',
    setHolder:
      'INSERT INTO run_lock (id, run_id, job, pid, host, since) VALUES (1, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, job = excluded.job, pid = excluded.pid, host = excluded.host, since = excluded.since',
    clearHolder: 'DELETE FROM run_lock WHERE id = 1 AND run_id = ?',

    recentRuns: 'SELECT * FROM runs ORDER BY id DESC LIMIT ?',
    recentRunsOfJob: 'SELECT * FROM runs WHERE job = ? ORDER BY id DESC LIMIT ?',
    profiles: 'SELECT * FROM daily_profiles WHERE day >= ? AND day <= ? ORDER BY day, extension',
    profilesOf: 'SELECT * FROM daily_profiles WHERE day >= ? AND day <= ? AND extension = ? ORDER BY day',
    knownCountries: 'SELECT extension, country FROM known_destinations WHERE first_seen < ?',
    findings: 'SELECT * FROM findings WHERE day >= ? AND day <= ? ORDER BY day, extension, rule, fingerprint',
    finding: 'SELECT * FROM findings WHERE fingerprint = ?',
    position: 'SELECT * FROM ingest_positions WHERE source = ?',
    lockouts: 'SELECT * FROM lockouts ORDER BY extension',
    lockoutsWith: 'SELECT * FROM lockouts WHERE status = ? ORDER BY extension',
    lockoutEvents: 'SELECT * FROM lockout_events ORDER BY id DESC LIMIT ?',
    lockoutEventsOf: 'SELECT * FROM lockout_events WHERE extension = ? ORDER BY id DESC LIMIT ?',
    lockoutAcks: 'SELECT * FROM lockout_acks WHERE day >= ? ORDER BY extension, day',
    lockoutExemptions: 'SELECT * FROM lockout_exemptions ORDER BY extension',
    outbox: 'SELECT * FROM outbox ORDER BY id',
    applied: 'SELECT name FROM schema_migrations',
    recordMigration: 'INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)',
  };
}

export type Statements = ReturnType<typeof statements>;

function multiInsert(table: string, columns: readonly string[], rows: number): string {
  const one = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/** Rows per multi-row INSERT: stays under PostgreSQL's 65535 parameters. */
export const INSERT_BATCH = 500;
