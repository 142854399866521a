// Appends set-aside CDR rows to a JSON-lines file, created only when there is one.
// Writes are synchronous and buffered: onBadRow cannot wait, and a file with
// millions of bad rows must not pile them up in memory. Every run re-reads its
// lookback days, so a row already in the file is counted again but not
// appended again: the file's recent lines are known by their hashes, in a
// fixed-size set (RecentHashes), never by reading the whole file. So that the
// set always holds what a rerun reads again, and a flood of bad rows cannot
// fill the disk, one run records at most RECORD_AT_MOST new rows. A file that
// cannot be written (a full disk) loses the run nothing: the rows are still
// counted, and the run warns (`problem`).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { BadRow } from './cdr.js';
import { RecentHashes } from './recent-hashes.js';

const FLUSH_AT = 64 * 1024;
/** How much of the end of an existing file is read to know its lines: more than the hashes remembered fill. */
const TAIL_BYTES = 128 * 1024 * 1024;
/** New rows one run records; about 40 MB of cdr_csv rows, far below the hashes remembered and the tail read. */
export const RECORD_AT_MOST = 100_000;

export interface QuarantineOptions {
  /** Hash slots per table (see RecentHashes); tests make it small. */
  remember?: number;
  tailBytes?: number;
  recordAtMost?: number;
}

export class QuarantineWriter {
  count = 0;
  private fd: number | null = null;
  private buffer = '';
  private error: Error | null = null;
  private recorded: RecentHashes | null = null;
  private lost = 0;
  private recordedRows = 0;
  private overCap = 0;

  constructor(
    readonly path: string,
    private readonly options: QuarantineOptions = {},
  ) {}

  /** Usable directly as ReadOptions.onBadRow. */
  readonly write = (row: BadRow): void => {
    this.count++;
    const recorded = (this.recorded ??= this.alreadyRecorded());
    const line = JSON.stringify({ where: row.where, line: row.line, reason: row.reason, raw: row.raw });
    const [hi, lo] = hash(createHash('sha1').update(line));
    if (!recorded.add(hi, lo)) return;
    if (this.error) {
      this.lost++;
      return;
    }
    if (this.recordedRows >= (this.options.recordAtMost ?? RECORD_AT_MOST)) {
      this.overCap++;
      return;
    }
    this.recordedRows++;
    this.buffer += `${line}\n`;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  };

  /** The file the rows are in, once written (null when there were none or it could not be written). */
  recordedIn(): string | null {
    this.flush();
    return this.count > 0 && !this.error ? this.path : null;
  }

  /** Why the file could not be read or written, for the run's warnings; null when all is well. */
  get problem(): string | null {
    if (!this.error) {
      if (!this.overCap) return null;
      return `${this.overCap} more new bad row(s) were counted but not recorded in ${this.path}: a run records at most ${this.options.recordAtMost ?? RECORD_AT_MOST}`;
    }
    return `cannot write quarantine file ${this.path}: ${this.error.message}; ${this.count} bad row(s) were counted${this.lost ? `, ${this.lost} of them not recorded` : ''} (set CDR_QUARANTINE_FILE or --quarantine to a writable place)`;
  }

  /** Flushes and closes. Never rejects: a quarantine that cannot be written is a warning (`problem`), not a lost run. */
  async close(): Promise<void> {
    this.flush();
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch (e) {
        this.error ??= e as Error;
      }
      this.fd = null;
    }
  }

  /** The hashes of the lines at the end of the file earlier runs wrote. */
  private alreadyRecorded(): RecentHashes {
    const keys = new RecentHashes(this.options.remember);
    if (!existsSync(this.path)) return keys;
    let fd: number | null = null;
    try {
      fd = openSync(this.path, 'r');
      const st = fstatSync(fd);
      // A device (/dev/null, /dev/full) holds no earlier lines, and reading it may never end.
      if (!st.isFile()) return keys;
      const size = st.size;
      let at = Math.max(0, size - (this.options.tailBytes ?? TAIL_BYTES));
      // null while skipping the first line of a read that starts mid-file: only its end is there.
      let h: Hash | null = at > 0 ? null : createHash('sha1');
      const buf = Buffer.alloc(1024 * 1024);
      for (let n; at < size && (n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at)) > 0; at += n) {
        const chunk = buf.subarray(0, n);
        let from = 0;
        for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
          if (h) keys.add(...hash(h.update(chunk.subarray(from, nl))));
          h = createHash('sha1');
          from = nl + 1;
        }
        if (h) h.update(chunk.subarray(from));
      }
    } catch (e) {
      this.error ??= e as Error;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    return keys;
  }

  private flush(): void {
    if (!this.buffer || this.error) return;
    try {
      this.fd ??= openSync(this.path, 'a');
      writeSync(this.fd, this.buffer);
    } catch (e) {
      // The run goes on, the rows are still counted; `problem` says what was lost.
      this.error = e as Error;
      this.lost += countLines(this.buffer);
    }
    this.buffer = '';
  }
}

/** Runs `work`, then closes the writer; when the work fails, its error wins. */
export async function withQuarantine<T>(quarantine: QuarantineWriter, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await quarantine.close();
  }
}

function hash(h: Hash): [number, number] {
  const d = h.digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
