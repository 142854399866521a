// The CDR table in a database (sources "postgres" and "mysql"): cdr_pgsql's
// table, cdr_adaptive_odbc's or FreePBX's asteriskcdrdb.cdr.
import { z } from 'zod';

/** One SQL identifier part; anything else never reaches SQL. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Cdr fields a column can be mapped to ("start" also covers the older "calldate"; did and cnum are FreePBX's). */
export const CDR_COLUMN_FIELDS = [
  'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata',
  'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield', 'linkedid', 'sequence',
  'did', 'cnum',
] as const;
export type CdrColumnField = (typeof CDR_COLUMN_FIELDS)[number];

const identifier = z.string().regex(SQL_IDENTIFIER, 'a plain SQL name: letter or _, then letters, digits, _ (at most 63)');

const columnMap = z.partialRecord(z.enum(CDR_COLUMN_FIELDS), identifier);

/** "start=calldate,src=cnum" or a JSON object -> { start: 'calldate', src: 'cnum' }. */
export function parseColumnMap(text: string): Record<string, string> {
  const t = text.trim();
  if (t.startsWith('{')) {
    const parsed = JSON.parse(t) as Record<string, string>;
    // zod's records skip an own "__proto__" key without a word: refused here like any unknown key.
    if (Object.hasOwn(parsed, '__proto__')) throw new Error(NOT_A_FIELD);
    return parsed;
  }
  const out: Record<string, string> = {};
  for (const part of t.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not field=column`);
    const field = part.slice(0, eq).trim();
    // Assigned, "__proto__" would set the object's prototype and vanish.
    if (field === '__proto__') throw new Error(NOT_A_FIELD);
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}

const NOT_A_FIELD = `"__proto__" is not a CDR field (${CDR_COLUMN_FIELDS.join(', ')})`;

export const cdrDatabaseSchema = z.strictObject({
  /** Where the CDR table is; secret-bearing (redacted in output). The scheme must match CDR_SOURCE. */
  url: z.string().regex(/^(postgres(ql)?|mysql|mariadb):\/\//, 'a postgres://, postgresql:// or mysql:// URL').optional(),
  /** Table, optionally qualified: cdr, asterisk.cdr (PostgreSQL schema), asteriskcdrdb.cdr (MySQL database). Names are case-sensitive. */
  table: z.string().regex(/^([A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'table or schema.table, plain SQL names').default('cdr'),
  /** Cdr field -> column, for tables whose columns are named differently; the rest are found by name. */
  columns: z
    .preprocess((v, ctx) => {
      if (typeof v !== 'string') return v;
      try {
        return parseColumnMap(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `column map: ${(e as Error).message}` });
        return z.NEVER;
      }
    }, columnMap)
    .default({}),
  /** Minutes re-read before the incremental high-water mark, for rows written late. */
  overlapMinutes: z.number().int().min(0).max(24 * 60).default(120),
});

export type CdrDatabaseConfig = z.infer<typeof cdrDatabaseSchema>;
