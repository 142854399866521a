// Finds the CDR columns of a cdr_pgsql table: validated, quoted identifiers
// only (names from configuration never reach SQL any other way), the time
// column of either layout (start, or calldate on older installs) and its type.
import type pg from 'pg';
import { PG_IDENTIFIER, type CdrColumnField } from '../config/cdr-pgsql.js';
import { InputError } from './cdr.js';

export interface TableRef {
  /** schema.table as given, for messages and the ingest position. */
  name: string;
  /** Quoted for SQL: "public"."cdr". */
  sql: string;
}

/** Quotes one identifier after checking it is a plain SQL name. */
export function quoteIdent(id: string, what = 'name'): string {
  if (!PG_IDENTIFIER.test(id)) throw new InputError(`${what} ${JSON.stringify(id)} is not a plain SQL name (letter or _, then letters, digits or _, at most 63)`);
  return `"${id}"`;
}

export function tableRef(name: string): TableRef {
  const parts = name.split('.');
  if (parts.length > 2) throw new InputError(`CDR table ${JSON.stringify(name)}: want table or schema.table`);
  return { name, sql: parts.map((p) => quoteIdent(p, 'CDR table')).join('.') };
}

const TIME_TYPES = new Set(['timestamp', 'timestamptz']);

export interface CdrLayout {
  /** Column (quoted) per Cdr field present in the table. */
  columns: Partial<Record<CdrColumnField, string>>;
  /** "start" or "calldate" (or whatever was mapped), unquoted, for messages. */
  timeColumn: string;
  /** timestamptz holds instants; timestamp holds naive stamps (PBX local time or GMT). */
  withZone: boolean;
}

/** Columns that must exist (found by name or mapped). */
const REQUIRED: CdrColumnField[] = ['start', 'channel', 'dst', 'duration', 'billsec', 'disposition'];
const TIMES: CdrColumnField[] = ['start', 'answer', 'end'];

/** Reads the table's columns from pg_catalog and decides the layout. */
export async function detectLayout(client: pg.ClientBase, table: TableRef, map: Partial<Record<CdrColumnField, string>>): Promise<CdrLayout> {
  const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table.sql]);
  if (!exists.rows[0]?.ok) throw new InputError(`CDR table ${table.name} does not exist (names are case-sensitive; set CDR_TABLE, e.g. cdr or asterisk.cdr)`);
  const res = await client.query(
    `SELECT a.attname AS name, t.typname AS type FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table.sql],
  );
  const types = new Map<string, string>(res.rows.map((r: { name: string; type: string }) => [r.name, r.type]));
  const have = () => [...types.keys()].join(', ');
  const columns: Partial<Record<CdrColumnField, string>> = {};
  const physical: Partial<Record<CdrColumnField, string>> = {};
  for (const [field, column] of Object.entries(map) as [CdrColumnField, string][]) {
    if (!types.has(column)) throw new InputError(`CDR table ${table.name}: column map sends ${field} to column "${column}", which does not exist (columns: ${have()})`);
    physical[field] = column;
  }
  const fields: CdrColumnField[] = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield', 'linkedid', 'sequence'];
  for (const f of fields) if (!physical[f] && types.has(f)) physical[f] = f;
  if (!physical.start && types.has('calldate')) physical.start = 'calldate';
  for (const f of REQUIRED) {
    if (!physical[f]) throw new InputError(`CDR table ${table.name} has no ${f === 'start' ? 'start or calldate' : f} column (columns: ${have()}); map it with CDR_COLUMN_MAP, e.g. ${f}=your_column`);
  }
  const startType = types.get(physical.start!)!;
  for (const f of TIMES) {
    const column = physical[f];
    if (!column) continue;
    const type = types.get(column)!;
    if (!TIME_TYPES.has(type)) throw new InputError(`CDR table ${table.name}: column "${column}" (${f}) is ${type}; want timestamp or timestamptz`);
    if (type !== startType) throw new InputError(`CDR table ${table.name}: column "${column}" (${f}) is ${type} but "${physical.start}" is ${startType}; all times must be of one type`);
  }
  const withZone = startType === 'timestamptz';
  for (const [f, column] of Object.entries(physical) as [CdrColumnField, string][]) columns[f] = quoteIdent(column, 'column');
  return { columns, timeColumn: physical.start!, withZone };
}
