// Reads one top-level configuration file and everything it #includes, the way
// main/config.c does: relative include paths are taken from the configuration
// folder (ast_config_AST_CONFIG_DIR), not from the including file; globs and
// {a,b} are expanded; a #include that finds no file makes Asterisk refuse the
// whole file, a #tryinclude does not; at most 10 nested levels. #exec is never
// run. File access goes through a FileSource, so this stays testable without disk.
import { posix } from 'node:path';
import { CategoryBuilder } from './build.js';
import { parseConfigText } from './parse.js';
import type { ConfigFile, ConfigProblem, Where } from './types.js';

export interface FileSource {
  /** Absolute paths matching a glob pattern (absolute, braces already expanded), in glob(3)'s order; [] when nothing matches. */
  glob(pattern: string): string[];
  /** The bytes of a regular file, or why it cannot be read. */
  read(path: string): { bytes: Buffer } | { error: string; notRegular?: boolean };
}

/** config.c's MAX_INCLUDE_LEVEL. */
export const MAX_INCLUDE_DEPTH = 10;
/** Guards against a glob or a loop that would read the whole disk. */
export const MAX_FILES = 500;

export interface LoadContext {
  /** The configuration folder (absolute), Asterisk's astetcdir. */
  etc: string;
  source: FileSource;
}

export function loadConfigFile(name: string, ctx: LoadContext): ConfigFile {
  const out: ConfigFile = { name, present: false, categories: [], problems: [], files: [] };
  const top = joinPath(ctx.etc, name);
  const first = ctx.source.read(top);
  if ('error' in first) {
    if (!first.notRegular && /ENOENT|no such file/i.test(first.error)) return out;
    out.present = true;
    out.problems.push({ file: name, line: 0, kind: 'unreadable', message: `cannot read ${name}: ${first.error}`, fileRejected: true });
    return out;
  }
  out.present = true;
  const builder = new CategoryBuilder();
  readInto(top, first.bytes, 0, [], builder, out, ctx);
  out.categories = builder.categories;
  out.problems.push(...builder.problems);
  return out;
}

function readInto(path: string, bytes: Buffer, depth: number, stack: string[], builder: CategoryBuilder, out: ConfigFile, ctx: LoadContext): void {
  const file = display(path, ctx.etc);
  out.files.push(file);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineOf(bytes, nul);
    out.problems.push({ file, line, kind: 'binary', message: `${file} is not a text file (a NUL byte on line ${line}): not read`, fileRejected: true });
    return;
  }
  const parsed = parseConfigText(bytes.toString('utf8'));
  for (const p of parsed.problems) out.problems.push({ file, ...p });
  const here = [...stack, path];
  for (const s of parsed.statements) {
    if (s.kind !== 'directive') {
      builder.add(s, file);
      continue;
    }
    const at: Where = { file, line: s.line };
    if (s.directive === 'exec') {
      // Only the program: its arguments may carry a password.
      const program = (s.arg ?? '').split(/\s+/, 1)[0];
      out.problems.push({ ...at, kind: 'exec', message: `#exec ${program ? `${program} ` : ''}is not run by tollguard: whatever it prints is not audited`, fileRejected: false });
      continue;
    }
    if (s.directive !== 'include' && s.directive !== 'tryinclude') {
      out.problems.push({ ...at, kind: 'syntax', message: `unknown directive "#${s.directive.slice(0, 20)}": Asterisk ignores it`, fileRejected: false });
      continue;
    }
    if (!s.arg) {
      out.problems.push({ ...at, kind: 'syntax', message: `#${s.directive} without a file name: Asterisk ignores it`, fileRejected: false });
      continue;
    }
    include(s.directive === 'include', s.arg, at, depth, here, builder, out, ctx);
  }
}

function include(required: boolean, arg: string, at: Where, depth: number, stack: string[], builder: CategoryBuilder, out: ConfigFile, ctx: LoadContext): void {
  const problem = (kind: ConfigProblem['kind'], message: string, rejected = required) => out.problems.push({ ...at, kind, message, fileRejected: rejected });
  const directive = required ? '#include' : '#tryinclude';
  if (depth + 1 > MAX_INCLUDE_DEPTH) {
    problem('include-depth', `${directive} ${arg}: more than ${MAX_INCLUDE_DEPTH} nested includes${required ? ': Asterisk refuses the whole file' : ''}`);
    return;
  }
  const pattern = joinPath(ctx.etc, arg);
  let count = 0;
  const paths: string[] = [];
  // GLOB_BRACE: each {a,b} alternative is globbed in turn.
  for (const alt of expandBraces(pattern)) for (const p of ctx.source.glob(alt)) if (!paths.includes(p)) paths.push(p);
  for (const path of paths) {
    if (stack.includes(path)) {
      const chain = [...stack.slice(stack.indexOf(path)), path].map((p) => display(p, ctx.etc)).join(' -> ');
      problem('include-loop', `${directive} ${arg} includes a file that is already being read (${chain})${required ? ': Asterisk refuses the whole file' : ''}`);
      count++;
      continue;
    }
    if (out.files.length >= MAX_FILES) {
      problem('too-large', `${directive} ${arg}: more than ${MAX_FILES} files read for ${out.name}; the rest is not audited`, false);
      return;
    }
    const r = ctx.source.read(path);
    if ('error' in r) {
      // config.c skips what stat() cannot see or what is not a regular file.
      if (!r.notRegular && !/ENOENT|no such file/i.test(r.error)) problem('unreadable', `${directive} ${arg}: cannot read ${display(path, ctx.etc)}: ${r.error}`, false);
      continue;
    }
    count++;
    readInto(path, r.bytes, depth + 1, stack, builder, out, ctx);
  }
  if (count === 0 && required) problem('missing-include', `#include ${arg}: no such file: Asterisk refuses the whole file`);
}

function lineOf(bytes: Buffer, offset: number): number {
  let n = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** config.c: an absolute name as it is, anything else under the configuration folder. */
export function joinPath(etc: string, name: string): string {
  return posix.normalize(name.startsWith('/') ? name : `${etc}/${name}`);
}

/** A path relative to the configuration folder, or absolute when it is outside. */
export function display(path: string, etc: string): string {
  const base = `${etc.replace(/\/+$/, '')}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/** {a,b}c -> ac, bc (nested braces too); a lone "{" stays literal. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      if (commas.length === 0) return expandBraces(pattern.slice(i + 1)).map((rest) => `${pattern.slice(0, i + 1)}${rest}`);
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      const cuts = [open, ...commas, i];
      const out: string[] = [];
      for (let k = 0; k + 1 < cuts.length; k++) for (const e of expandBraces(`${head}${pattern.slice(cuts[k]! + 1, cuts[k + 1])}${tail}`)) out.push(e);
      return out;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}
