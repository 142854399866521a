// Appends set-aside CDR rows to a JSON-lines file, created only when there is one.
// Writes are synchronous and buffered: onBadRow cannot wait, and a file with
// millions of bad rows must not pile them up in memory.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { BadRow } from './cdr.js';

const FLUSH_AT = 64 * 1024;

export class QuarantineWriter {
  count = 0;
  private fd: number | null = null;
  private buffer = '';
  private error: Error | null = null;

  constructor(readonly path: string) {}

  /** Usable directly as ReadOptions.onBadRow. */
  readonly write = (row: BadRow): void => {
    this.buffer += `${JSON.stringify({ where: row.where, line: row.line, reason: row.reason, raw: row.raw })}\n`;
    this.count++;
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
