// data/common-passwords.txt: the most common passwords, one a line (sources in data/README.md).
import { readFileSync } from 'node:fs';
import { shippedDataFile } from './package-root.js';

let cached: ReadonlySet<string> | null = null;

export function commonPasswords(): ReadonlySet<string> {
  if (cached) return cached;
  const text = readFileSync(shippedDataFile('common-passwords.txt'), 'utf8');
  return (cached = new Set(text.split('\n').map((l) => l.trim().toLowerCase()).filter((l) => l !== '' && !l.startsWith('#'))));
}
