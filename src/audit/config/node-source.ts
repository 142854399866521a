// The FileSource on disk: glob(3) as Asterisk calls it (GLOB_NOMAGIC: * ? [...]
// within one path segment, no match for a leading dot unless written; load.ts
// expands {a,b} first), and regular files only, with a size cap.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { FileSource } from './load.js';

/** A configuration file larger than this is not read (Asterisk's biggest generated files are a few MB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export const diskSource: FileSource = {
  glob: globOne,
  read(path) {
    try {
      const st = statSync(path);
      if (!st.isFile()) return { error: 'not a regular file', notRegular: true };
      if (st.size > MAX_FILE_BYTES) return { error: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
      return { bytes: readFileSync(path) };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { error: err.code === 'ENOENT' ? 'ENOENT: no such file' : (err.code ?? err.message) };
    }
  },
};

const MAGIC = /[*?[]/;

function globOne(pattern: string): string[] {
  if (!MAGIC.test(pattern)) return [pattern];
  const parts = pattern.split('/');
  let found = [parts[0] === '' ? '' : '.'];
  for (let i = parts[0] === '' ? 1 : 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next: string[] = [];
    for (const dir of found) {
      const prefix = dir === '' ? '' : `${dir}`;
      if (!MAGIC.test(part)) {
        next.push(`${prefix}/${part}`);
        continue;
      }
      const re = segmentRegex(part);
      let names: string[];
      try {
        names = readdirSync(prefix === '' ? '/' : prefix);
      } catch {
        continue;
      }
      for (const n of names.sort()) if (re.test(n)) next.push(`${prefix}/${n}`);
    }
    found = next;
  }
  return found.map((p) => (p.startsWith('./') ? p.slice(2) : p));
}

function segmentRegex(part: string): RegExp {
  let re = part[0] === '.' ? '' : '(?!\\.)';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = part.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls[0] === '!') cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
