// Turns the bytes of one cdr_csv file into records with their physical line
// numbers, and knows the byte offset just after the last complete record.
// Bytes are decoded a chunk at a time up to the chunk's last newline (a UTF-8
// character never spans a newline), so the per-record path works on strings.
import { isAscii, isUtf8 } from 'node:buffer';
import { INCOMPLETE, type RecordSplitter } from './cdr-csv-split.js';

export interface RecordSink {
  /** A record that is valid CSV; text.slice(start, end) is its raw text (with newline). */
  record(fields: string[], count: number, line: number, text: string, start: number, end: number): void;
  bad(line: number, reason: string, raw: string): void;
}

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

  constructor(private readonly sink: RecordSink, private readonly splitter: RecordSplitter, startOffset = 0, startLine = 1) {
    this.offset = startOffset;
    this.received = startOffset;
    this.line = startLine;
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

  private process(bytes: Buffer, endOffset: number, eof: boolean): void {
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
      } else sink.record(splitter.fields, splitter.count, line, text, i, end);
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
    if (this.pending) this.process(EMPTY, this.received - buf.length, true);
    const raw = buf.subarray(0, 1024).toString('utf8');
    this.sink.bad(this.line, `line longer than ${MAX_LINE} bytes without a newline (skipped)`, `${raw}...`);
    this.carry = null;
    this.skipping = true;
  }
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
