// SQL identifiers from configuration (table, column map): checked against plain
// SQL names, then quoted in the backend's style. Nothing else reaches SQL text.
import { SQL_IDENTIFIER } from '../../config/cdr-database.js';
import { InputError } from '../cdr.js';

/** '"' for PostgreSQL, '`' for MySQL/MariaDB. */
export type Quote = '"' | '`';

export interface TableRef {
  /** schema.table (or database.table) as given, for messages and the ingest position. */
  name: string;
  /** The parts, unquoted: [table] or [schema, table]. */
  parts: string[];
  /** Quoted for SQL: "public"."cdr", `asteriskcdrdb`.`cdr`. */
  sql: string;
}

/** Quotes one identifier after checking it is a plain SQL name. */
export function quoteIdent(id: string, quote: Quote, what = 'name'): string {
  if (!SQL_IDENTIFIER.test(id)) throw new InputError(`${what} ${JSON.stringify(id)} is not a plain SQL name (letter or _, then letters, digits or _, at most 63)`);
  return `${quote}${id}${quote}`;
}

export function tableRef(name: string, quote: Quote): TableRef {
  const parts = name.split('.');
  if (parts.length > 2) throw new InputError(`CDR table ${JSON.stringify(name)}: want table or schema.table`);
  return { name, parts, sql: parts.map((p) => quoteIdent(p, quote, 'CDR table')).join('.') };
}
