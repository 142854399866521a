// Appends set-aside CDR rows to a JSON-lines file, created only when there is one.
// Writes are synchronous and buffered: onBadRow cannot wait, and a file with
// millions of bad rows must not pile them up in memory. Every run re-reads its
// lookback days, so a row already in the file (same file, line and text) is
// counted again but not appended again.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { BadRow } from './cdr.js';

const FLUSH_AT = 64 * 1024;

export class QuarantineWriter {
  count = 0;
  private fd: number | null = null;
  private buffer = '';
  private error: Error | null = null;
  private recorded: Set<string> | null = null;

  constructor(readonly path: string) {}

  /** Usable directly as ReadOptions.onBadRow. */
  readonly write = (row: BadRow): void => {
    this.count++;
    const recorded = (this.recorded ??= this.alreadyRecorded());
    const key = rowKey(row);
    if (recorded.has(key)) return;
    recorded.add(key);
    this.buffer += `${JSON.stringify({ where: row.where, line: row.line, reason: row.reason, raw: row.raw })}\n`;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  };

  /** Flushes and closes; rejects, naming the file, when it could not be written. */
  async close(): Promise<void> {
    this.flush();
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    if (this.error) throw new Error(`cannot write quarantine file ${this.path}: ${this.error.message}`);
  }

  private alreadyRecorded(): Set<string> {
    const keys = new Set<string>();
    if (!existsSync(this.path)) return keys;
    try {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          keys.add(rowKey(JSON.parse(line) as BadRow));
        } catch {
          // A line that is not ours (or cut short) just is not known.
        }
      }
    } catch (e) {
      this.error ??= e as Error;
    }
    return keys;
  }

  private flush(): void {
    if (!this.buffer || this.error) return;
    try {
      this.fd ??= openSync(this.path, 'a');
      writeSync(this.fd, this.buffer);
    } catch (e) {
      // Remembered and reported at close: the run goes on, the rows are still counted.
      this.error = e as Error;
    }
    this.buffer = '';
  }
}

/** Runs `work`, then closes the writer; when the work fails, its error wins over the close's. */
export async function withQuarantine<T>(quarantine: QuarantineWriter, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (e) {
    await quarantine.close().catch(() => undefined);
    throw e;
  }
  await quarantine.close();
  return result;
}

function rowKey(row: Pick<BadRow, 'where' | 'line' | 'raw'>): string {
  return `${row.where}\u0000${row.line}\u0000${row.raw}`;
}
