// CDR source for a MariaDB/MySQL table: FreePBX's asteriskcdrdb.cdr (written by
// cdr_adaptive_odbc, or cdr_mysql on old boxes) or a cdr_adaptive_odbc table of
// the modern start/answer/end layout: the MySQL side of sql/source.ts.
// FreePBX's table has calldate (the call's start, in the server's local time),
// no answer or end (end = calldate + duration, answer = end - billsec), every
// column NOT NULL DEFAULT '' (empty is absent), amaflags as a number, did and
// cnum beside the standard columns, and an index on calldate, which serves the
// day window. Rows are streamed (mysql2's query stream pauses the socket while
// a batch is being judged), every value as text (dateStrings), so datetimes are
// interpreted in PBX_TIMEZONE here and never in the driver's or server's zone.
import mysql from 'mysql2';
import type { CdrColumnField } from '../config/cdr-database.js';
import { InputError } from './cdr.js';
import { describeMysqlError } from './mysql-errors.js';
import { type ColumnInfo, decideLayout } from './sql/layout.js';
import { type TableRef, tableRef } from './sql/names.js';
import type { SqlRow } from './sql/rows.js';
import { type SqlBackend, SqlCdrSource, type SqlQueryPlan, type SqlSession, type SqlSource, type SqlSourceOptions } from './sql/source.js';

export type MysqlSourceOptions = SqlSourceOptions;
export type MysqlSource = SqlSource;

/** datetime holds wall-clock stamps; timestamp holds instants (read in the session zone, set to UTC). */
const TIME_KIND: Record<string, ColumnInfo['time']> = { datetime: 'naive', timestamp: 'instant' };

/** Every value as the server's text, NULL as null. */
const asText: mysql.TypeCast = (field) => field.string();

export function createMysqlSource(options: MysqlSourceOptions): MysqlSource {
  const backend: SqlBackend = {
    label: 'MySQL',
    source: 'mysql',
    table: (name) => tableRef(name, '`'),
    describeError: describeMysqlError,
    async connect() {
      const conn = mysql.createConnection({ ...connectionOptions(options.url), connectTimeout: 10_000, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
      conn.on('error', () => undefined); // surfaces through the pending query
      const session = new MysqlSession(conn);
      try {
        await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
        // timestamp columns come back in UTC; datetime columns are not converted at all.
        await session.run("SET time_zone = '+00:00'");
        session.idle = true;
      } catch (e) {
        await session.close().catch(() => undefined);
        throw e;
      }
      return session;
    },
  };
  return new SqlCdrSource(backend, options);
}

/** mysql://user:password@host:port/database (mariadb:// too); user and password URL-decoded. */
function connectionOptions(url: string): mysql.ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url.replace(/^mariadb:/i, 'mysql:'));
  } catch {
    throw new InputError('CDR_DATABASE_URL is not a URL: want mysql://user:password@host:3306/asteriskcdrdb');
  }
  if (u.protocol !== 'mysql:') throw new InputError(`CDR source mysql needs a mysql:// URL, not ${u.protocol}//`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...(database ? { database } : {}),
  };
}

class MysqlSession implements SqlSession {
  /** A clean QUIT only when the connection is idle; after a failure or a read stopped early, the socket is closed. */
  idle = false;

  constructor(private readonly conn: mysql.Connection) {}

  run<T = unknown>(sql: string, values: unknown[] = []): Promise<T> {
    return new Promise((resolve, reject) => this.conn.query({ sql, values, typeCast: asText }, (err, rows) => (err ? reject(err) : resolve(rows as T))));
  }

  async layout(table: TableRef, map: Partial<Record<CdrColumnField, string>>) {
    // The server's own error says best what is wrong: no database, no table, no SELECT.
    await this.run(`SELECT * FROM ${table.sql} LIMIT 0`);
    const [schema, name] = table.parts.length === 2 ? table.parts : [null, table.parts[0]];
    const rows = await this.run<{ name: string; type: string; extra: string }[]>(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [schema, name],
    );
    if (rows.length === 0) throw new InputError(`CDR table ${table.name}: information_schema shows no columns (does this user have SELECT on it?)`);
    const found = new Map<string, ColumnInfo>(rows.map((r) => [r.name, { type: r.type, time: TIME_KIND[r.type.toLowerCase()], autoIncrement: /auto_increment/i.test(r.extra) }]));
    return decideLayout(table, found, map, '`', 'datetime or timestamp');
  }

  async *rows(table: TableRef, plan: SqlQueryPlan): AsyncGenerator<SqlRow[]> {
    const { sql, values } = query(table, plan);
    this.idle = false;
    const stream = this.conn.query({ sql, values, rowsAsArray: true, typeCast: asText }).stream({ highWaterMark: plan.batchSize });
    let batch: SqlRow[] = [];
    try {
      for await (const row of stream as AsyncIterable<SqlRow>) {
        batch.push(row);
        if (batch.length >= plan.batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
      this.idle = true;
    } finally {
      stream.destroy();
    }
  }

  close(): Promise<void> {
    if (!this.idle) {
      this.conn.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.conn.end(() => resolve()));
  }
}

function query(table: TableRef, { layout, fields, bounds, since }: SqlQueryPlan): { sql: string; values: unknown[] } {
  const c = layout.columns;
  const select = fields.map((f) => c[f]!);
  const hw = c.end ? `COALESCE(${c.end}, ${c.start})` : `(${c.start} + INTERVAL ${c.duration} SECOND)`;
  select.push(hw);
  if (layout.rowId) select.push(layout.rowId);
  let sql = `SELECT ${select.join(', ')} FROM ${table.sql} WHERE ${c.start} >= ? AND ${c.start} < ?`;
  const values: unknown[] = [bounds.from, bounds.to];
  if (since) {
    sql += ` AND ${hw} >= CAST(? AS DATETIME) - INTERVAL ? MINUTE`;
    values.push(since.mark, Math.ceil(since.overlapMinutes + 1));
  }
  return { sql, values };
}
