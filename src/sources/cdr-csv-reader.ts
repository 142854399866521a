// Turns the bytes of one cdr_csv file into records with their physical line
// numbers, and knows the byte offset just after the last complete record.
// A line in Asterisk's dialect is split in bytes (cdr-csv-bytes.ts) and its
// fields decoded one by one, the repeating ones once per distinct value
// (byte-intern.ts). Any other line (a quoted line break, a stray quote, a NUL,
// invalid UTF-8, or a record still open) goes the string way: decoded up to
// its newline (a UTF-8 character never spans one) and split by RecordSplitter,
// with csv-parse the judge of anything unusual.
import { isAscii, isUtf8 } from 'node:buffer';
import { ByteInterner, decode } from './byte-intern.js';
import { ByteSplitter, ESCAPED, SLOT } from './cdr-csv-bytes.js';
import { INCOMPLETE, type RecordSplitter } from './cdr-csv-split.js';

export interface RecordSink {
  /** A record that is valid CSV; raw.text() is its raw text without the newline (decoded only if asked). */
  record(fields: string[], count: number, line: number, raw: RawRecord): void;
  bad(line: number, reason: string, raw: string): void;
}

/** The raw text of the record just given to the sink; one reused object, valid during the call. */
export class RawRecord {
  private text_ = '';
  private bytes: Buffer | null = null;
  private start = 0;
  private end = 0;

  fromText(text: string, start: number, end: number): this {
    this.bytes = null;
    this.text_ = text;
    this.start = start;
    this.end = end;
    return this;
  }

  fromBytes(bytes: Buffer, start: number, end: number): this {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    return this;
  }

  text(): string {
    if (this.bytes === null) return stripNewline(this.text_, this.start, this.end);
    let e = this.end;
    if (e > this.start && this.bytes[e - 1] === 10) e--;
    if (e > this.start && this.bytes[e - 1] === 13) e--;
    return this.bytes.toString('utf8', this.start, e);
  }
}

/**
 * Columns whose values repeat from row to row (accountcode, src, dst, dcontext,
 * clid, lastapp, lastdata, duration, billsec, disposition, amaflags, userfield,
 * peeraccount): interned. The channels, stamps and ids are unique per call.
 */
const INTERNED = [0, 1, 2, 3, 4, 7, 8, 12, 13, 14, 15, 17, 18].reduce((m, k) => m | (1 << k), 0);

/** A quote still open after this many characters is never closed: Asterisk drops records over 1024 bytes. */
const MAX_PENDING = 16 * 1024;
/** A line longer than this is reported and skipped without being kept in memory. */
const MAX_LINE = 1024 * 1024;
const NEWLINE = Buffer.from('\n');
const EMPTY = Buffer.alloc(0);

export class CsvRecordReader {
  /** Byte offset just after the last complete record (or skipped line). */
  offset: number;
  /** Physical line number at `offset` (1-based: the next line to read). */
  line: number;
  /** Bytes of an unterminated last line left unread by finish(false). */
  unterminatedBytes = 0;

  private received: number;
  private carry: Buffer | null = null;
  /** Complete lines of a record whose quote is still open, starting at `line`. */
  private pending = '';
  private pendingLines = 0;
  private skipping = false;
  /** Lines not valid UTF-8 that have not been turned into records yet. */
  private badUtf8: number[] = [];
  private readonly raw = new RawRecord();
  /** Null unless the splitter asks for the byte way (RecordSplitter.bytes). */
  private readonly bytes: ByteSplitter | null;
  private readonly interner = new ByteInterner();

  constructor(private readonly sink: RecordSink, private readonly splitter: RecordSplitter, startOffset = 0, startLine = 1) {
    this.offset = startOffset;
    this.received = startOffset;
    this.line = startLine;
    this.bytes = splitter.fastPath && splitter.bytes ? new ByteSplitter() : null;
  }

  push(chunk: Buffer): void {
    const chunkStart = this.received;
    this.received += chunk.length;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      this.offset = chunkStart + nl + 1;
      this.line++;
      chunk = chunk.subarray(nl + 1);
    }
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      this.carry = buf.length > 0 ? buf : null;
      if (buf.length > MAX_LINE) this.skipLongLine(buf);
      return;
    }
    this.carry = last + 1 < buf.length ? buf.subarray(last + 1) : null;
    this.process(buf.subarray(0, last + 1), this.received - (buf.length - last - 1), false);
  }

  /**
   * End of file. readTail=true reads a last line that has no newline (a file
   * edited by hand); false leaves it, and any record it may complete, for the
   * next read (Asterisk may be writing it). The offset never includes it.
   */
  finish(readTail: boolean): void {
    const tail = this.carry;
    this.carry = null;
    if (this.skipping) return;
    if (tail && !readTail) {
      this.unterminatedBytes = tail.length;
      return;
    }
    if (!tail) {
      if (this.pending) this.process(EMPTY, this.received, true);
      return;
    }
    const offset = this.offset, line = this.line;
    this.process(Buffer.concat([tail, NEWLINE]), this.received + 1, true);
    this.offset = offset;
    this.line = line;
  }

  /** Complete lines (bytes ends with \n, or is empty at the end of the file). */
  private process(bytes: Buffer, endOffset: number, eof: boolean): void {
    const splitter = this.bytes;
    // A record left open by the last chunk is finished the string way, with the rest of the chunk.
    if (splitter === null || this.pending !== '') return this.processText(bytes, endOffset, eof);
    const base = endOffset - bytes.length;
    const fields = this.splitter.fields;
    const ascii = isAscii(bytes);
    let nul = bytes.indexOf(0);
    let p = 0;
    while (p < bytes.length) {
      const nl = bytes.indexOf(10, p);
      if (nul >= 0 && nul < p) nul = bytes.indexOf(0, p);
      const count = (nul < 0 || nul > nl) && (ascii || isUtf8(bytes.subarray(p, nl + 1))) ? splitter.split(bytes, p, nl) : -1;
      if (count >= 0) {
        const b = splitter.bounds;
        for (let k = 0, o = 0; k < count; k++, o += SLOT) {
          const escaped = (b[o + 2]! & ESCAPED) !== 0;
          fields[k] = k < 31 && (INTERNED & (1 << k)) !== 0 ? this.interner.value(bytes, b[o]!, b[o + 1]!, escaped) : decode(bytes, b[o]!, b[o + 1]!, escaped, ascii);
        }
        this.splitter.count = count;
        this.offset = base + nl + 1;
        this.sink.record(fields, count, this.line++, this.raw.fromBytes(bytes, p, nl + 1));
      } else if (quotesBalance(bytes, p, nl)) {
        this.processText(bytes.subarray(p, nl + 1), base + nl + 1, false);
      } else {
        // A quote left open: the record's extent depends on the lines after it, up to the chunk's end, as in the string way.
        return this.processText(bytes.subarray(p), endOffset, eof);
      }
      p = nl + 1;
    }
  }

  private processText(bytes: Buffer, endOffset: number, eof: boolean): void {
    // Pure ASCII (the usual case) decodes faster as latin1, to V8's compact one-byte strings.
    const ascii = isAscii(bytes);
    if (!ascii && !isUtf8(bytes)) invalidUtf8Lines(bytes, this.line + this.pendingLines, this.badUtf8);
    const badUtf8 = this.badUtf8.length > 0 ? this.badUtf8 : null;
    let badIdx = 0;
    const decoded = bytes.toString(ascii ? 'latin1' : 'utf8');
    const text = this.pending ? this.pending + decoded : decoded;
    const len = text.length;
    const splitter = this.splitter, sink = this.sink;
    let nul = text.indexOf('\0');
    let line = this.line;
    let i = 0;
    while (i < len) {
      const end = splitter.split(text, i);
      const nl = text.indexOf('\n', i);
      if (end === INCOMPLETE || (splitter.error && nl !== end - 1)) {
        if (end === INCOMPLETE && !eof && len - i <= MAX_PENDING) break;
        // A malformed record never takes more than its first line with it (a stray
        // quote would otherwise swallow good lines): set it aside, go on at the next.
        sink.bad(line, end === INCOMPLETE ? 'malformed CSV: quote not closed' : splitter.error, stripNewline(text, i, nl + 1));
        i = nl + 1;
        line++;
        continue;
      }
      const lines = nl === end - 1 ? 1 : countNewlines(text, i, end);
      if (nul >= 0 && nul < i) nul = text.indexOf('\0', i);
      if (badUtf8) while (badIdx < badUtf8.length && badUtf8[badIdx]! < line) badIdx++;
      if (splitter.error) sink.bad(line, splitter.error, stripNewline(text, i, end));
      else if (nul >= 0 && nul < end) sink.bad(line, 'embedded NUL byte', stripNewline(text, i, end));
      else if (badUtf8 && badIdx < badUtf8.length && badUtf8[badIdx]! < line + lines) {
        sink.bad(line, 'invalid UTF-8 (shown as U+FFFD)', stripNewline(text, i, end));
      } else sink.record(splitter.fields, splitter.count, line, this.raw.fromText(text, i, end));
      i = end;
      line += lines;
    }
    this.pending = i < len ? text.slice(i) : '';
    this.pendingLines = this.pending ? countNewlines(this.pending, 0, this.pending.length) : 0;
    this.offset = this.pending ? endOffset - Buffer.byteLength(this.pending) : endOffset;
    this.line = line;
    if (badUtf8) this.badUtf8 = badUtf8.filter((n) => n >= line);
  }

  private skipLongLine(buf: Buffer): void {
    if (this.pending) this.processText(EMPTY, this.received - buf.length, true);
    const raw = buf.subarray(0, 1024).toString('utf8');
    this.sink.bad(this.line, `line longer than ${MAX_LINE} bytes without a newline (skipped)`, `${raw}...`);
    this.carry = null;
    this.skipping = true;
  }
}

/** An even number of quotes in buf[start..end): the record ends at this line's newline. */
function quotesBalance(buf: Buffer, start: number, end: number): boolean {
  let n = 0;
  for (let q = buf.indexOf(34, start); q >= 0 && q < end; q = buf.indexOf(34, q + 1)) n++;
  return (n & 1) === 0;
}

export function stripNewline(text: string, start: number, end: number): string {
  let e = end;
  if (e > start && text.charCodeAt(e - 1) === 10) e--;
  if (e > start && text.charCodeAt(e - 1) === 13) e--;
  return text.slice(start, e);
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', start); p >= 0 && p < end; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

/** Appends the line numbers (ascending) of the lines in `bytes` that are not valid UTF-8. */
function invalidUtf8Lines(bytes: Buffer, firstLine: number, lines: number[]): void {
  let line = firstLine;
  for (let p = 0; p < bytes.length; line++) {
    let nl = bytes.indexOf(10, p);
    if (nl < 0) nl = bytes.length - 1;
    if (!isUtf8(bytes.subarray(p, nl + 1))) lines.push(line);
    p = nl + 1;
  }
}
