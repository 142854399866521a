// Benchmark input: Master.csv files from the demo generator (realistic mix:
// repeat destinations, internal and inbound calls, the demo's attacks), cached
// under bench/data/ by size and seed so reruns measure, not generate.
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { generateDemoCsv } from '../src/demo/generate.js';
import { addDays } from '../src/time/pbx-clock.js';

/** The PBX the data describes; its tollguard.json is written beside the file. */
export const BENCH_ZONE = 'America/New_York';
export const END_DAY = '2026-03-31';
/** Days of history: the lookback (28) plus a month judged. */
export const DAYS = 60;

export interface BenchFile {
  path: string;
  rows: number;
  bytes: number;
  /** Report window that makes the report read every row of the file. */
  from: string;
  to: string;
}

/** Extensions per size: larger PBXs, not only busier ones. */
function extensionsFor(rows: number): number {
  return rows <= 100_000 ? 200 : rows <= 1_000_000 ? 500 : 2000;
}

export function sizeLabel(rows: number): string {
  return rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`;
}

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`size "${text}" is not like 100k, 1M or 10M`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 1e6 : m[2] ? 1e3 : 1));
}

function lines(rows: number, seed: number, scale: number, extensions?: number) {
  return generateDemoCsv({ endDay: END_DAY, days: DAYS, extensions: extensions ?? extensionsFor(rows), seed, scale });
}

/** Scale that gives about `rows` rows: the generator's output grows linearly with it. */
function scaleFor(rows: number, seed: number, extensions?: number): number {
  const probe = 0.2;
  let n = 0;
  for (const _ of lines(rows, seed, probe, extensions)) n++;
  return (probe * rows) / n;
}

/** `extensions` fixes the PBX's size for every file (busier days rather than a larger PBX): memory must then stay flat. */
export async function benchFile(dir: string, rows: number, seed: number, log: (s: string) => void, extensions?: number): Promise<BenchFile> {
  const path = `${dir}/Master-${sizeLabel(rows)}-seed${seed}${extensions ? `-ext${extensions}` : ''}.csv`;
  const window = { from: addDays(END_DAY, -(DAYS - 1) + 28), to: END_DAY };
  const countFile = `${path}.rows`;
  if (existsSync(path) && existsSync(countFile)) {
    const { readFileSync } = await import('node:fs');
    return { path, rows: Number(readFileSync(countFile, 'utf8')), bytes: statSync(path).size, ...window };
  }
  await mkdir(dir, { recursive: true });
  log(`generating ${path} ...`);
  const t0 = performance.now();
  const scale = scaleFor(rows, seed, extensions);
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let n = 0;
  let buf = '';
  for (const line of lines(rows, seed, scale, extensions)) {
    buf += `${line}\n`;
    n++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await finished(out);
  renameSync(tmp, path);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(countFile, String(n));
  log(`  ${n.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { path, rows: n, bytes: statSync(path).size, ...window };
}

/** The demo PBX's configuration (as `tollguard demo` writes it). */
export function benchConfig(csv: string): object {
  return { pbx: { timezone: BENCH_ZONE, homeCountry: 'US', trunks: ['telco'] }, cdr: { csv: [csv] } };
}
