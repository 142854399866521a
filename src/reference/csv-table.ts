// Reads a small reference CSV (high-risk list, rate deck) with a header row.
// Lines starting with # are comments. Every error names the file and line.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export class ReferenceFileError extends Error {
  override readonly name = 'ReferenceFileError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file} line ${line}: ${problem}`);
  }
}

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  /** Header names, trimmed and lower-cased. */
  header: string[];
  headerLine: number;
  rows: CsvRow[];
}

export function readCsvTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReferenceFileError(file, null, `cannot read: ${(e as Error).message}`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new ReferenceFileError(file, err.lines ?? null, `not valid CSV: ${err.message}`);
  }
  const first = records[0];
  if (!first) throw new ReferenceFileError(file, null, 'empty file: expected a header row');
  const header = first.record.map((h) => h.trim().toLowerCase());
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.record.length !== header.length) {
      throw new ReferenceFileError(file, r.info.lines, `${r.record.length} columns, the header has ${header.length}`);
    }
    rows.push({ line: r.info.lines, cells: r.record });
  }
  return { header, headerLine: first.info.lines, rows };
}
