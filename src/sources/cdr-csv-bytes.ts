// Splits one line of a cdr_csv file into fields without decoding it: the
// byte offsets of each field's content go into a reused Int32Array. Only the
// dialect Asterisk writes is taken (a field is "quoted" with "" inside, or bare
// without a quote; the record ends at the line's \n or \r\n); anything else
// (a quote in a bare field, text after a closing quote, a quoted line break)
// is left to the string path and csv-parse, whose verdict is final.
// test/sources/cdr-csv-bytes.test.ts checks it against csv-parse.

/** More fields than any cdr_csv layout: such a line is left to the string path, which reports it. */
export const MAX_FIELDS = 64;

/** Per field: content start, content end (quotes excluded), and QUOTED/ESCAPED flags. */
export const SLOT = 3;
export const QUOTED = 1;
/** The quoted content holds "" pairs, to be undone when decoded. */
export const ESCAPED = 2;

export class ByteSplitter {
  readonly bounds = new Int32Array(MAX_FIELDS * SLOT);

  /**
   * Splits buf[start..nl] (buf[nl] is the line's \n). Returns the number of
   * fields, or -1 when the line is not the dialect.
   */
  split(buf: Uint8Array, start: number, nl: number): number {
    const b = this.bounds;
    let n = 0;
    let i = start;
    for (;;) {
      if (n === MAX_FIELDS) return -1;
      const o = n * SLOT;
      let c = buf[i]!;
      if (c === 34) {
        const from = i + 1;
        let flags = QUOTED;
        let j = from;
        for (;;) {
          while (j < nl && buf[j] !== 34) j++;
          if (j >= nl) return -1; // the quote closes on a later line (or never): the string path decides
          if (buf[j + 1] !== 34) break;
          flags = QUOTED | ESCAPED;
          j += 2;
        }
        b[o] = from;
        b[o + 1] = j;
        b[o + 2] = flags;
        n++;
        i = j + 1;
        c = buf[i]!;
        if (c === 44) { i++; continue; }
        if (i === nl || (c === 13 && i + 1 === nl)) return n;
        return -1;
      }
      let j = i;
      // A bare field ends at a comma or the line's end; a lone \r is part of it, as csv-parse reads it.
      while (j < nl && c !== 44 && c !== 34 && !(c === 13 && j + 1 === nl)) c = buf[++j]!;
      if (c === 34) return -1;
      b[o] = i;
      b[o + 1] = j;
      b[o + 2] = 0;
      n++;
      if (j < nl && c === 44) { i = j + 1; continue; }
      return n;
    }
  }
}
