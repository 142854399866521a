// Which cdr_csv files to read, in which order, and how to open them.
import { constants, createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from './cdr.js';

/** Expands globs, checks every file can be read, drops repeats. Throws InputError naming the path. */
export async function expandCsvPaths(patterns: string[]): Promise<string[]> {
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const found = isDynamicPattern(pattern) ? await glob([pattern], { absolute: true, onlyFiles: true }) : [resolve(pattern)];
    if (found.length === 0) throw new InputError(`no CDR file matches ${pattern}`);
    for (const path of found) {
      if (seen.has(path)) continue;
      await checkReadable(path, pattern);
      seen.add(path);
    }
  }
  return [...seen];
}

async function checkReadable(path: string, asGiven: string): Promise<void> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError(`${asGiven} is not a file`);
    await access(path, constants.R_OK);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`CDR file not found: ${asGiven}`);
    throw new InputError(`cannot read CDR file ${asGiven}: ${code ?? (err as Error).message}`);
  }
}

// Master.csv, Master.csv.3, Master.csv.1.gz, Master.csv-20261126.gz (logrotate dateext).
const ROTATED = /^(.+?\.csv)(?:([.-])(\d+))?(\.gz)?$/;

/** The live file's name for a rotated one: "Master.csv" for "Master.csv.2.gz". */
export function liveName(path: string): string {
  const m = ROTATED.exec(basename(path));
  return m ? m[1]! : basename(path);
}

export function isMasterFamily(path: string): boolean {
  return liveName(path) === 'Master.csv';
}

/**
 * Oldest first within each file family: Master.csv.3, .2, .1 (higher is older),
 * then dated copies in date order, then the live Master.csv.
 */
export function orderOldestFirst(paths: string[]): string[] {
  const age = (p: string): number => {
    const m = ROTATED.exec(basename(p));
    if (!m || m[3] === undefined) return Number.MAX_SAFE_INTEGER;
    const n = Number(m[3]);
    return m[2] === '.' ? -n : n;
  };
  const family = (p: string): string => `${dirname(p)}/${liveName(p)}`;
  return [...paths].sort((a, b) => {
    const fa = family(a), fb = family(b);
    if (fa !== fb) return fa < fb ? -1 : 1;
    return age(a) - age(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/** Opens a file as a byte stream, gunzipping .gz, skipping `offset` bytes of content. */
export function openCsvStream(path: string, offset: number): Readable {
  if (!path.endsWith('.gz')) return createReadStream(path, { start: offset, highWaterMark: 256 * 1024 });
  // pipeline, unlike pipe, passes a read error or corrupt gzip on to the stream we iterate.
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const done = (): void => {};
  return offset > 0 ? pipeline(file, createGunzip(), skipBytes(offset), done) : pipeline(file, createGunzip(), done);
}

function skipBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left >= chunk.length) {
        left -= chunk.length;
        return done();
      }
      const rest = left > 0 ? chunk.subarray(left) : chunk;
      left = 0;
      done(null, rest);
    },
  });
}
