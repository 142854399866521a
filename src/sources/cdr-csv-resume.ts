// Where an incremental read of a cdr_csv file starts. A file is recognised by
// device, inode and a hash of its first line: logrotate renames (same inode,
// new path) or recreates (new inode); copytruncate keeps the inode but empties it.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface FilePosition {
  /** The file's path. */
  source: string;
  identity: string;
  /** Byte offset (of the decompressed content for .gz) just after the last complete record. */
  offset: number;
  /** Physical line number at `offset` (the next line to read, 1-based), so line numbers stay true. */
  line: number;
}

export interface StoredPosition {
  identity: string;
  offset: number;
  /** Missing in positions stored without it: line numbers then count from the offset (1 = first line read). */
  line?: number;
}

export type ResumeReason = 'continue' | 'rotated' | 'truncated' | 'new';

export interface ResumeDecision {
  offset: number;
  line: number;
  reason: ResumeReason;
}

/** Pure: where to start reading given what was stored and what the file is now. */
export function decideResume(stored: StoredPosition | undefined, current: { identity: string; size: number }): ResumeDecision {
  if (!stored) return { offset: 0, line: 1, reason: 'new' };
  if (stored.identity !== current.identity) return { offset: 0, line: 1, reason: 'rotated' };
  if (current.size < stored.offset) return { offset: 0, line: 1, reason: 'truncated' };
  return { offset: stored.offset, line: stored.line ?? 1, reason: 'continue' };
}

/** `${dev}:${ino}:${first 16 hex of sha1(first line as stored on disk)}`, and the file size. */
export async function fileIdentity(path: string): Promise<{ identity: string; size: number }> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const nl = head.subarray(0, bytesRead).indexOf(10);
    const first = head.subarray(0, nl < 0 ? bytesRead : nl + 1);
    const hash = createHash('sha1').update(first).digest('hex').slice(0, 16);
    return { identity: `${st.dev}:${st.ino}:${hash}`, size: st.size };
  } finally {
    await fh.close();
  }
}
