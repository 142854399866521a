// From a CDR table's columns (as the backend found them in its catalogue) to
// the columns each Cdr field is read from: either layout Asterisk writes (start,
// answer, end; or the older calldate with duration and billsec only), FreePBX's
// extra did and cnum, the column map for names that differ.
import { CDR_COLUMN_FIELDS, type CdrColumnField } from '../../config/cdr-database.js';
import { InputError } from '../cdr.js';
import { quoteIdent, type Quote, type TableRef } from './names.js';

export interface ColumnInfo {
  /** The catalogue's type name, for messages: timestamp, timestamptz, datetime, varchar ... */
  type: string;
  /** Time columns: "naive" holds wall-clock stamps (PBX local time or GMT), "instant" a point in time. */
  time?: 'naive' | 'instant';
  /** An auto-increment column (MySQL): identifies a row exactly. */
  autoIncrement?: boolean;
}

export interface CdrLayout {
  /** Column (quoted) per Cdr field present in the table. */
  columns: Partial<Record<CdrColumnField, string>>;
  /** "start" or "calldate" (or whatever was mapped), unquoted, for messages. */
  timeColumn: string;
  /** Instant columns (timestamptz, MySQL timestamp) are selected as UTC; naive ones hold PBX local time or GMT. */
  withZone: boolean;
  /** Quoted auto-increment column, when the table has one. */
  rowId?: string;
}

/** Columns that must exist (found by name or mapped). */
const REQUIRED: CdrColumnField[] = ['start', 'channel', 'dst', 'duration', 'billsec', 'disposition'];
const TIMES: CdrColumnField[] = ['start', 'answer', 'end'];

export function decideLayout(table: TableRef, found: Map<string, ColumnInfo>, map: Partial<Record<CdrColumnField, string>>, quote: Quote, timeTypes: string): CdrLayout {
  const have = () => [...found.keys()].join(', ');
  const physical: Partial<Record<CdrColumnField, string>> = {};
  for (const [field, column] of Object.entries(map) as [CdrColumnField, string][]) {
    if (!found.has(column)) throw new InputError(`CDR table ${table.name}: column map sends ${field} to column "${column}", which does not exist (columns: ${have()})`);
    physical[field] = column;
  }
  for (const f of CDR_COLUMN_FIELDS) if (!physical[f] && found.has(f)) physical[f] = f;
  if (!physical.start && found.has('calldate')) physical.start = 'calldate';
  for (const f of REQUIRED) {
    if (!physical[f]) throw new InputError(`CDR table ${table.name} has no ${f === 'start' ? 'start or calldate' : f} column (columns: ${have()}); map it with CDR_COLUMN_MAP, e.g. ${f}=your_column`);
  }
  const start = found.get(physical.start!)!;
  for (const f of TIMES) {
    const column = physical[f];
    if (!column) continue;
    const info = found.get(column)!;
    if (!info.time) throw new InputError(`CDR table ${table.name}: column "${column}" (${f}) is ${info.type}; want ${timeTypes}`);
    if (info.time !== start.time) throw new InputError(`CDR table ${table.name}: column "${column}" (${f}) is ${info.type} but "${physical.start}" is ${start.type}; all times must be of one type`);
  }
  const columns: Partial<Record<CdrColumnField, string>> = {};
  for (const [f, column] of Object.entries(physical) as [CdrColumnField, string][]) columns[f] = quoteIdent(column, quote, 'column');
  const id = [...found].find(([, c]) => c.autoIncrement)?.[0];
  return { columns, timeColumn: physical.start!, withZone: start.time === 'instant', ...(id ? { rowId: quoteIdent(id, quote, 'column') } : {}) };
}
