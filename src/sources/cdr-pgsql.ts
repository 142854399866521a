// CDR source for the table Asterisk's cdr_pgsql writes: the PostgreSQL side of
// sql/source.ts. Streams through a server-side cursor in a read-only
// transaction; the day window is a parameterised predicate on the start (or
// calldate) column, so an index on it serves the query:
//   CREATE INDEX cdr_start_idx ON cdr (start);      -- modern layout
//   CREATE INDEX cdr_calldate_idx ON cdr (calldate); -- older layout
// Incremental reads compare the end time (or start + duration) with the mark.
import pg from 'pg';
import type { CdrColumnField } from '../config/cdr-database.js';
import { InputError } from './cdr.js';
import { describePgError } from './pg-errors.js';
import { type ColumnInfo, decideLayout } from './sql/layout.js';
import { type TableRef, tableRef } from './sql/names.js';
import type { SqlRow } from './sql/rows.js';
import { type SqlBackend, SqlCdrSource, type SqlQueryPlan, type SqlSession, type SqlSource, type SqlSourceOptions } from './sql/source.js';

export type PgSourceOptions = SqlSourceOptions;
export type PgSource = SqlSource;

/** Every value arrives as PostgreSQL's text form; we parse what we need. */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };
const TIME_KIND: Record<string, ColumnInfo['time']> = { timestamp: 'naive', timestamptz: 'instant' };

export function createPgSource(options: PgSourceOptions): PgSource {
  const backend: SqlBackend = {
    label: 'cdr_pgsql',
    source: 'postgres',
    table: (name) => tableRef(name, '"'),
    describeError: describePgError,
    async connect() {
      const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 10_000, application_name: 'tollguard' });
      client.on('error', () => undefined); // surfaces through the pending query
      try {
        await client.connect();
      } catch (e) {
        await client.end().catch(() => undefined);
        throw e;
      }
      return new PgSession(client);
    },
  };
  return new SqlCdrSource(backend, options);
}

class PgSession implements SqlSession {
  constructor(private readonly client: pg.Client) {}

  async layout(table: TableRef, map: Partial<Record<CdrColumnField, string>>) {
    const exists = await this.client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table.sql]);
    if (!exists.rows[0]?.ok) throw new InputError(`CDR table ${table.name} does not exist (names are case-sensitive; set CDR_TABLE, e.g. cdr or asterisk.cdr)`);
    const res = await this.client.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, t.typname AS type FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [table.sql],
    );
    const found = new Map<string, ColumnInfo>(res.rows.map((r) => [r.name, { type: r.type, time: TIME_KIND[r.type] }]));
    return decideLayout(table, found, map, '"', 'timestamp or timestamptz');
  }

  async *rows(table: TableRef, plan: SqlQueryPlan): AsyncGenerator<SqlRow[]> {
    const { sql, params } = this.query(table, plan);
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await this.client.query(`DECLARE tollguard_cdr NO SCROLL CURSOR FOR ${sql}`, params);
    const fetch = `FETCH FORWARD ${plan.batchSize} FROM tollguard_cdr`;
    for (;;) {
      const res = await this.client.query<string[]>({ text: fetch, rowMode: 'array', types: RAW_TYPES });
      if (res.rows.length === 0) break;
      yield res.rows;
    }
    await this.client.query('COMMIT');
  }

  close() {
    return this.client.end();
  }

  private query(table: TableRef, { layout, fields, bounds, since }: SqlQueryPlan): { sql: string; params: unknown[] } {
    const c = layout.columns;
    const utc = (col: string) => (layout.withZone ? `(${col} AT TIME ZONE 'UTC')` : col);
    const select = fields.map((f) => (f === 'start' || f === 'answer' || f === 'end' ? utc(c[f]!) : c[f]!));
    const endSql = c.end ?? `(${c.start} + make_interval(secs => ${c.duration}::double precision))`;
    const hwSql = `COALESCE(${endSql}, ${c.start})`;
    select.push(utc(hwSql));
    const cast = layout.withZone ? 'timestamptz' : 'timestamp';
    const zone = layout.withZone ? '+00' : ''; // instant bounds are UTC wall-clock text
    const params: unknown[] = [bounds.from + zone, bounds.to + zone];
    let sql = `SELECT ${select.join(', ')} FROM ${table.sql} WHERE ${c.start} >= $1::${cast} AND ${c.start} < $2::${cast}`;
    if (since) {
      const mark = layout.withZone ? `($3::timestamp AT TIME ZONE 'UTC')` : '$3::timestamp';
      sql += ` AND ${hwSql} >= ${mark} - make_interval(mins => $4)`;
      params.push(since.mark, Math.ceil(since.overlapMinutes + 1));
    }
    return { sql, params };
  }
}
