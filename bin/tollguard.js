#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it into dist/ through "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tollguard: not built yet; run "npm install" (or "npm run build") in the tollguard folder first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
