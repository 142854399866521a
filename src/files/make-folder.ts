// Creates a folder and its missing parents one level at a time, naming the level
// that failed. Node's mkdirSync({ recursive: true }) takes every ENOENT for "the
// parent is missing" and loops forever where the kernel answers ENOENT for a
// parent that exists (/proc/nope: 100% CPU, no message).
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class FolderError extends Error {
  override readonly name = 'FolderError';
}

export function makeFolder(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    const st = stat(p);
    if (st) {
      if (!st.isDirectory()) throw new FolderError(`${p} is not a folder`);
      break;
    }
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new FolderError(`cannot create folder ${p}: ${(e as Error).message}`);
    }
  }
}

/** null when the path does not exist (or a parent of it is a file: the walk up finds that file). */
function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new FolderError(`cannot reach ${path}: ${(e as Error).message}`);
  }
}
