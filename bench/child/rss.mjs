// Preloaded into every measured process: reports its peak resident set size
// (KiB) on standard error when it exits, for bench/run.ts to read.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
