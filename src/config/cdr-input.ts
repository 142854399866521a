// Where CDRs come from and how they are laid out.
import { z } from 'zod';
import { cdrDatabaseSchema } from './cdr-database.js';

export const CSV_LAYOUTS = ['auto', 'basic16', 'uniqueid17', 'userfield17', 'standard18', 'extended21'] as const;

export const CDR_SOURCES = ['csv', 'postgres', 'mysql'] as const;

const cdrInputObject = z.strictObject({
  source: z.enum(CDR_SOURCES).default('csv'),
  /** Files or globs; several allowed (Master.csv, per-accountcode files, rotated .1 and .gz). */
  /** The default takes logrotate's Master.csv.1, .2.gz ... too: the lookback and the sweep need the rows rotated away. */
  csv: z.array(z.string().min(1)).min(1).default(['/var/log/asterisk/cdr-csv/Master.csv*']),
  /** Column layout of cdr_csv; auto detects 16, 18 and 21 columns (17 is ambiguous: say which). */
  csvLayout: z.enum(CSV_LAYOUTS).default('auto'),
  /** true when cdr.conf has usegmtime=yes, so the stamps are UTC rather than PBX local time. */
  gmt: z.boolean().default(false),
  /** Stop at the first bad row instead of setting it aside. */
  strict: z.boolean().default(false),
  /** Threads a report (not the sweep) reads its CDR files with when they total 1 GB or more: 0 = one per core (at most 4), 1 = one thread. */
  readerThreads: z.number().int().min(0).max(64).default(0),
  /** Where set-aside rows are written (JSON lines); default beside the report output or in the working folder. */
  quarantineFile: z.string().optional(),
  /** The CDR table, for sources "postgres" (cdr_pgsql) and "mysql" (cdr_adaptive_odbc, FreePBX). */
  database: cdrDatabaseSchema.default(cdrDatabaseSchema.parse({})),
});

/** Config files written before MySQL came call the database section "postgres". */
export const cdrInputSchema = z.preprocess((v) => {
  if (!v || typeof v !== 'object' || !('postgres' in v)) return v;
  const { postgres, ...rest } = v as Record<string, unknown>;
  const database = rest.database && typeof rest.database === 'object' ? rest.database : {};
  return { ...rest, database: { ...(postgres as object), ...database } };
}, cdrInputObject);

export type CdrInputConfig = z.infer<typeof cdrInputSchema>;

/**
 * What is wrong with reading CDRs from a database, or null: no CDR_DATABASE_URL,
 * or a URL of the other backend. A configuration error (exit 2), not unreadable
 * input: no database was asked. `setBy` names what chose the source, as the
 * admin wrote it: "--source mysql" or "CDR_SOURCE is mysql".
 */
export function cdrDatabaseProblem(source: (typeof CDR_SOURCES)[number], url: string | undefined, setBy: string): string | null {
  if (source === 'csv') return null;
  if (!url) return `${setBy}, which needs CDR_DATABASE_URL (cdr.database.url): set it to the ${source === 'mysql' ? 'mysql://' : 'postgres://'} URL of the CDR database`;
  const scheme = /^(mysql|mariadb):/i.test(url) ? 'mysql' : 'postgres';
  if (scheme === source) return null;
  const fix = setBy.startsWith('--source') ? `use --source ${scheme}` : `set CDR_SOURCE=${scheme}`;
  return `${setBy} but CDR_DATABASE_URL is a ${scheme} URL: ${fix} or give a ${source === 'mysql' ? 'mysql://' : 'postgres://'} URL`;
}
