// Splits one cdr_csv record into fields. The fast path handles the dialect
// Asterisk writes (quoted strings with "" inside, bare numbers, empty answer);
// anything else (stray quotes, text after a closing quote) goes to csv-parse,
// whose verdict is final. test/sources/cdr-csv-split.test.ts proves both agree.
import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse';

/** csv-parse settings for cdr_csv: column-count problems are ours to report. */
export const CSV_PARSE_OPTIONS = { relax_column_count: true, record_delimiter: ['\r\n', '\n'] };

/** split() result: the text ends inside a quoted field (record not complete yet, or never closed). */
export const INCOMPLETE = -1;
const FALLBACK = -2;

export class RecordSplitter {
  /** Fields of the last record; only the first `count` are meaningful (the array is reused). */
  readonly fields: string[] = [];
  count = 0;
  /** Non-empty when the last record is not valid CSV; fields are then meaningless. */
  error = '';

  /**
   * fastPath=false sends every record through csv-parse (reference behaviour,
   * tests, benchmarks); bytes=true has CsvRecordReader split lines in bytes first.
   */
  constructor(readonly fastPath = true, readonly bytes = false) {}

  /**
   * Splits the record starting at s[i]. `s` must end with a newline. Returns the
   * index just after the record's newline, or INCOMPLETE.
   */
  split(s: string, i: number): number {
    this.error = '';
    if (this.fastPath) {
      const end = this.fast(s, i);
      if (end !== FALLBACK) return end;
    }
    const end = frameEnd(s, i);
    if (end !== INCOMPLETE) this.viaCsvParse(s.slice(i, end));
    return end;
  }

  private fast(s: string, i: number): number {
    const f = this.fields;
    let n = 0;
    for (;;) {
      let c = s.charCodeAt(i);
      if (c === 34) {
        let from = i + 1;
        let j = s.indexOf('"', from);
        if (j < 0) return INCOMPLETE;
        let value = '';
        while (s.charCodeAt(j + 1) === 34) {
          value += s.slice(from, j + 1);
          from = j + 2;
          j = s.indexOf('"', from);
          if (j < 0) return INCOMPLETE;
        }
        value = value === '' ? s.slice(from, j) : value + s.slice(from, j);
        f[n++] = value;
        i = j + 1;
        c = s.charCodeAt(i);
        if (c === 44) { i++; continue; }
        if (c === 10) { this.count = n; return i + 1; }
        if (c === 13 && s.charCodeAt(i + 1) === 10) { this.count = n; return i + 2; }
        return FALLBACK;
      }
      let j = i;
      for (;;) {
        if (c === 44 || c === 10 || c === 34 || c !== c) break;
        if (c === 13 && s.charCodeAt(j + 1) === 10) break;
        c = s.charCodeAt(++j);
      }
      if (c === 34 || c !== c) return FALLBACK;
      f[n++] = j === i ? '' : s.slice(i, j);
      if (c === 44) { i = j + 1; continue; }
      this.count = n;
      return c === 10 ? j + 1 : j + 2;
    }
  }

  private viaCsvParse(record: string): void {
    let rows: string[][];
    try {
      rows = parse(record, CSV_PARSE_OPTIONS) as string[][];
    } catch (err) {
      this.error = describeCsvError(err);
      return;
    }
    const row = rows[0];
    if (rows.length !== 1 || !row) {
      this.error = 'malformed CSV: not a single record';
      return;
    }
    for (let k = 0; k < row.length; k++) this.fields[k] = row[k]!;
    this.count = row.length;
  }
}

/**
 * End of the record starting at s[i] by quote parity: the first newline outside
 * quotes. In RFC 4180 CSV every quote toggles the quoted state ("" toggles twice).
 */
export function frameEnd(s: string, i: number): number {
  let quoted = false;
  let p = i;
  for (;;) {
    const nl = s.indexOf('\n', p);
    if (nl < 0) return INCOMPLETE;
    for (let q = s.indexOf('"', p); q >= 0 && q < nl; q = s.indexOf('"', q + 1)) quoted = !quoted;
    if (!quoted) return nl + 1;
    p = nl + 1;
  }
}

function describeCsvError(err: unknown): string {
  const code = (err as CsvError).code as string | undefined;
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE': return 'malformed CSV: text after a closing quote';
    case 'INVALID_OPENING_QUOTE': return 'malformed CSV: quote inside an unquoted field';
    case 'CSV_QUOTE_NOT_CLOSED': return 'malformed CSV: quote not closed';
    default: return `malformed CSV: ${(err as Error).message}`;
  }
}
