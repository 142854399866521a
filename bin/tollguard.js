#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it into dist/ through "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Older Node fails later with an error that names neither Node nor the fix (Debian 12 ships 18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(
    `tollguard: needs Node.js 20.12 or newer; ${process.execPath} is ${process.versions.node}. ` +
      'Install Node.js 22 (on Debian 12 from NodeSource: https://github.com/nodesource/distributions), ' +
      'or set TOLLGUARD_NODE=/path/to/node in the environment file (see docs/deployment.md)\n',
  );
  process.exit(2);
}
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tollguard: not built yet; run "npm install" (or "npm run build") in the tollguard folder first\n');
  process.exit(2);
}
// Commands that read CDRs run in a node started with a heap ceiling (src/cli/heap-ceiling.ts).
const args = process.argv.slice(2);
const { heapCeiling, runUnderCeiling } = await import(new URL('../dist/src/cli/heap-ceiling.js', import.meta.url).href);
const heap = heapCeiling(args, process.env, process.execArgv);
if (heap.error) {
  process.stderr.write(`tollguard: ${heap.error}\n`);
  process.exit(2);
}
if (heap.mb !== null) {
  process.exitCode = await runUnderCeiling(fileURLToPath(import.meta.url), args, heap.mb, (s) => process.stderr.write(s));
} else {
  const { main } = await import(entry.href);
  process.exitCode = await main(args);
}
