// Reads one cdr_csv file, or a byte range of an uncompressed one (a parallel
// report's share of it), as batches of CDRs. The range must begin where a
// record begins; whether it also ended on a record's end is reported, so a
// reader that split a file can check it cut between records.
import { createReadStream } from 'node:fs';
import { type Cdr, InputError } from './cdr.js';
import { openCsvStream } from './cdr-csv-files.js';
import { CsvRecordReader, type RecordSink } from './cdr-csv-reader.js';
import type { Batch } from './cdr-csv.js';
import type { RecordSplitter } from './cdr-csv-split.js';

export interface CsvRange {
  path: string;
  /** Byte offset of the first record (of decompressed content for .gz) and its line number. */
  from: number;
  line: number;
  /** Byte offset to stop at; Infinity reads to the end of the file, as the last range of a file does. */
  to: number;
}

/** Where a range read stopped. */
export interface RangeEnd {
  /** Just after the last complete record, and the line number there. */
  offset: number;
  line: number;
  /** Bytes of an unterminated last line left unread (a read to the end without readTail). */
  unterminatedBytes: number;
}

/**
 * Yields the range's CDRs in batches of about `batchSize`; when done, `end`
 * says where it stopped. At the end of the file, `readTail` decides about a
 * last line without a newline (see CsvRecordReader.finish).
 */
export async function* readCsvRange(
  range: CsvRange,
  sink: RecordSink,
  splitter: RecordSplitter,
  out: Batch,
  o: { batchSize: number; readTail: boolean; end: RangeEnd },
): AsyncGenerator<Cdr[]> {
  const { path, from, to } = range;
  const reader = new CsvRecordReader(sink, splitter, from, range.line);
  const whole = to === Infinity;
  if (!whole && path.endsWith('.gz')) throw new Error(`${path}: a compressed file cannot be read in parts`);
  const stream = whole ? openCsvStream(path, from) : createReadStream(path, { start: from, end: Math.max(from, to - 1), highWaterMark: 256 * 1024 });
  let inReader = false;
  try {
    if (to > from) {
      for await (const chunk of stream) {
        inReader = true;
        reader.push(chunk as Buffer);
        inReader = false;
        if (out.cdrs.length >= o.batchSize) {
          const batch = out.cdrs;
          out.cdrs = [];
          yield batch;
        }
      }
    }
  } catch (err) {
    if (inReader) throw err;
    throw new InputError(`cannot read CDR file ${path}: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
  // A part of a file ends where the next part begins: a record cut there is not finished here.
  if (whole) reader.finish(o.readTail);
  if (out.cdrs.length > 0) {
    const batch = out.cdrs;
    out.cdrs = [];
    yield batch;
  }
  Object.assign(o.end, { offset: reader.offset, line: reader.line, unterminatedBytes: reader.unterminatedBytes });
}
