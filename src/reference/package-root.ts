// Finds the folder holding tollguard's package.json, so shipped data files are
// found the same way from src/ (tsx) and from dist/src/ (built).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function packageRoot(): string {
  if (cached !== null) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`tollguard: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A file shipped in the package's data/ folder. */
export function shippedDataFile(name: string): string {
  return join(packageRoot(), 'data', name);
}

/** tollguard's version, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
