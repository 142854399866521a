// PostgreSQL for tests: a database of their own per test file, created and
// dropped, on the server at PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG = {
  host: process.env.PGHOST || '127.0.0.1',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'postgres',
  password: process.env.PGPASSWORD,
};

export function pgUrl(database: string, port = PG.port): string {
  const auth = PG.password ? `${encodeURIComponent(PG.user)}:${encodeURIComponent(PG.password)}` : encodeURIComponent(PG.user);
  return `postgresql://${auth}@${PG.host}:${port}/${database}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh empty database named tollguard_test_<pid>_<random>. */
export async function createTestDatabase(prefix = 'tollguard_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: pgUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL (several statements allowed) on a database. */
export async function execSql(url: string, sql: string, params?: unknown[]): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/**
 * Loads a plain pg_dump file: the statements before each COPY run as they are,
 * the COPY ... FROM stdin blocks are parsed and inserted with parameters.
 */
export async function loadPgDump(url: string, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const lines = text.split('\n');
    let ddl: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const m = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(lines[i]!);
      if (!m) {
        ddl.push(lines[i]!);
        continue;
      }
      await c.query(ddl.join('\n'));
      ddl = [];
      const columns = m[2]!.split(', ');
      const rows: (string | null)[][] = [];
      for (i++; lines[i] !== '\\.'; i++) rows.push(lines[i]!.split('\t').map(copyValue));
      const ph = columns.map((_, k) => `$${k + 1}`).join(', ');
      for (const row of rows) await c.query(`INSERT INTO ${m[1]} (${m[2]}) VALUES (${ph})`, row);
    }
    if (ddl.join('').trim()) await c.query(ddl.join('\n'));
  } finally {
    await c.end();
  }
}

function copyValue(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, ch: string) => ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' })[ch] ?? ch);
}
