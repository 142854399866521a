// Appends set-aside CDR rows to a JSON-lines file, created only when there is one.
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { BadRow } from './cdr.js';

export class QuarantineWriter {
  count = 0;
  private stream: WriteStream | null = null;
  private error: Error | null = null;

  constructor(readonly path: string) {}

  /** Usable directly as ReadOptions.onBadRow. */
  readonly write = (row: BadRow): void => {
    if (!this.stream) {
      this.stream = createWriteStream(this.path, { flags: 'a' });
      this.stream.on('error', (err) => {
        this.error ??= err;
      });
    }
    this.stream.write(`${JSON.stringify({ where: row.where, line: row.line, reason: row.reason, raw: row.raw })}\n`);
    this.count++;
  };

  /** Flushes and closes; rejects, naming the file, when it could not be written. */
  async close(): Promise<void> {
    const stream = this.stream;
    if (stream) {
      this.stream = null;
      stream.end();
      await finished(stream).catch((err: Error) => {
        this.error ??= err;
      });
    }
    if (this.error) throw new Error(`cannot write quarantine file ${this.path}: ${this.error.message}`);
  }
}
