// Writes an output file (--out) so that a reader never sees half of it: a
// temporary file in the same folder, then rename (atomic on one file system).
// A write that fails part-way (a full disk) leaves the earlier file as it was,
// removes the temporary file, and the error names the path.
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './exit.js';

export function writeFileAtomic(path: string, text: string): void {
  // A device or a pipe (/dev/stdout, a FIFO) is written as it is: it cannot be replaced.
  if (statSync(path, { throwIfNoEntry: false })?.isFile() === false) {
    try {
      writeFileSync(path, text);
    } catch (e) {
      throw new Error(`cannot write ${path}: ${(e as Error).message}`);
    }
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx');
    // writeSync may write less than asked (a disk filling up): write the rest, or fail on it.
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/**
 * Refuses an output path that cannot be written before any work is done (a
 * report reads every CDR first): a missing folder, a folder, a file where the
 * folder should be, a folder this user cannot write in.
 */
export function checkOutPath(path: string, flag = '--out'): void {
  const target = statQuiet(path);
  if (target?.isDirectory()) throw new UsageError(`${flag} ${path}: is a folder; give a file name`);
  if (target && !target.isFile()) return; // /dev/stdout and the like
  const folder = dirname(resolve(path));
  const parent = statQuiet(folder);
  if (parent === undefined) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`);
  if (parent === null || !parent.isDirectory()) throw new UsageError(`${flag} ${path}: ${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
    if (target) accessSync(path, constants.W_OK);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** stat, or undefined when nothing is there, or null when a part of the path is not a folder. */
function statQuiet(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}
