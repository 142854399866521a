// Migrations: sql/<dialect>/NNN_name.sql, applied in name order, each in its
// own transaction together with its row in schema_migrations. The two dialect
// folders hold the same migrations under the same names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../reference/package-root.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  name: string;
  sql: string;
}

const FILE = /^\d{3}_[a-z0-9_]+\.sql$/;

export const SCHEMA_MIGRATIONS_DDL = 'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

export function migrations(dialect: Dialect, dir = join(packageRoot(), 'sql', dialect)): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => FILE.test(n)).sort();
  } catch (e) {
    throw new Error(`cannot read migrations in ${dir}: ${(e as Error).message}`);
  }
  return names.map((name) => ({ name: name.slice(0, -4), sql: readFileSync(join(dir, name), 'utf8') }));
}
