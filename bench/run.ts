// npm run bench [-- --sizes 100k,1M] [--full] [--seed N] [--extensions N] [--repeat N] [--no-pg] [--no-write]
// Generates (once, cached in bench/data/) Master.csv files of the given sizes
// and measures, each in its own process: the whole `tollguard report`, Node
// merely splitting the file into lines, csv-parse merely counting records;
// then the intraday sweep's incremental read, CLI start-up, the PostgreSQL
// source and the live guard under a flood of AMI events. Prints a table and writes docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchConfig, benchFile, type BenchFile, parseSize, sizeLabel } from './data.js';
import { type Measured, measure, median } from './measure.js';
import { newestSource, renderMarkdown, type Results, type SizeRow } from './report.js';
import { pgBench } from './pg.js';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const dataDir = `${root}/bench/data`;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1M' },
    full: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    /** The same PBX (this many extensions) at every size: shows memory does not grow with rows. */
    extensions: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    /** Runs each report this many times, alternating threads and one thread, and keeps the fastest: the machine is shared. */
    repeat: { type: 'string', default: '1' },
  },
});
const sizes = values.sizes.split(',').map(parseSize);
if (values.full && !sizes.includes(10_000_000)) sizes.push(10_000_000);
sizes.sort((a, b) => a - b);
const seed = Number(values.seed);
const repeat = Math.max(1, Number(values.repeat));

ensureBuilt();

const files: BenchFile[] = [];
const extensions = values.extensions ? Number(values.extensions) : undefined;
for (const rows of sizes) files.push(await benchFile(dataDir, rows, seed, log, extensions));

const rowsOut: SizeRow[] = [];
for (const f of files) {
  const label = sizeLabel(sizes[files.indexOf(f)]!);
  const config = `${dataDir}/tollguard-${label}.json`;
  writeFileSync(config, JSON.stringify(benchConfig(f.path)));
  log(`${label}: tollguard report over ${f.rows.toLocaleString('en-US')} rows ...`);
  const reportArgs = ['bin/tollguard.js', 'report', '--no-store', '--config', config, '--from', f.from, '--to', f.to, '--format', 'json', '--out', '/dev/null', '--quarantine', `${dataDir}/quarantine.jsonl`];
  const threads: Measured[] = [];
  const one: Measured[] = [];
  for (let i = 0; i < repeat; i++) {
    threads.push(await measure(reportArgs, root, { CDR_READER_THREADS: '0' }));
    log(`${label}: the same report on one thread ...`);
    one.push(await measure(reportArgs, root, { CDR_READER_THREADS: '1' }));
  }
  const fastest = (runs: Measured[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const report = fastest(threads);
  const reportOne = fastest(one);
  log(`${label}: splitting into lines, csv-parse counting ...`);
  const split = await measure([`${root}/bench/child/split-lines.mjs`, f.path], root);
  const csvParse = await measure([`${root}/bench/child/csv-parse-count.mjs`, f.path], root);
  checkCount('split-lines', split.stdout, f.rows);
  checkCount('csv-parse', csvParse.stdout, f.rows);
  log(`${label}: DuckDB read_csv + GROUP BY extension, day on 2 threads ...`);
  const duckdb = await measure([`${root}/bench/child/duckdb.mjs`, f.path, '2'], root);
  const grouped = JSON.parse(duckdb.stdout) as { calls: number };
  if (grouped.calls !== f.rows) throw new Error(`DuckDB grouped ${grouped.calls} rows, the file has ${f.rows}`);
  rowsOut.push({ label, rows: f.rows, bytes: f.bytes, report, reportOne, split, csvParse, duckdb });
}

const biggest = files[files.length - 1]!;
log(`sweep: incremental read of the last 1,000 rows of ${sizeLabel(sizes[sizes.length - 1]!)} ...`);
const tail = tailPosition(biggest.path, 1000, biggest.rows);
const sweepConfig = `${dataDir}/tollguard-${sizeLabel(sizes[sizes.length - 1]!)}.json`;
const sweepRuns = [];
for (let i = 0; i < 3; i++) {
  const m = await measure(['--import', 'tsx', 'bench/child/sweep.ts', biggest.path, sweepConfig, String(tail.offset), String(tail.line), biggest.to], root);
  sweepRuns.push({ ...m, ...(JSON.parse(m.stdout) as { rows: number; resumed: string; setupMs: number; sweepMs: number }) });
}
const sweep = sweepRuns.sort((a, b) => a.sweepMs - b.sweepMs)[1]!;
if (sweep.resumed !== 'continue' || sweep.rows !== 1000) throw new Error(`sweep read ${sweep.rows} rows (${sweep.resumed}), expected 1000 resumed`);

const stageFile = [...files].reverse().find((f) => f.rows <= 1_100_000) ?? files[0]!;
const stageLabel = sizeLabel(sizes[files.indexOf(stageFile)]!);
log(`stages: CPU per row of each stage on ${stageLabel}, one thread ...`);
const stageRun = await measure(['--expose-gc', '--import', 'tsx', 'bench/child/stages.ts', stageFile.path, `${dataDir}/tollguard-${stageLabel}.json`, stageFile.from, stageFile.to], root);
const stages = { label: stageLabel, ...(JSON.parse(stageRun.stdout) as { rows: number; ns: Record<string, number> }) };

log('judge alone: 1,000 extensions x 60 days ...');
const judged = JSON.parse((await measure(['--import', 'tsx', 'bench/child/judge.ts'], root)).stdout) as Results['judge'];

log('start-up: tollguard --help x 11 ...');
const startups: number[] = [];
for (let i = 0; i < 11; i++) startups.push((await measure(['bin/tollguard.js', '--help'], root)).seconds);

let pg: Results['pg'] = null;
if (!values['no-pg']) {
  const pgFile = files.find((f) => f.rows >= 900_000) ?? biggest;
  log(`PostgreSQL: loading ${pgFile.rows.toLocaleString('en-US')} rows into tollguard_bench and reading them back ...`);
  pg = await pgBench(pgFile, root, log);
}

log('live guard: 10,000 AMI events a second for a minute ...');
const live = JSON.parse((await measure(['--import', 'tsx', 'bench/child/live.ts', '60', '10000'], root)).stdout) as NonNullable<Results['live']>;

const results: Results = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, ramGb: totalmem() / 2 ** 30, node: process.version, date: new Date().toISOString().slice(0, 10), repeat },
  sizes: rowsOut,
  sweep: { rows: sweep.rows, bigRows: biggest.rows, seconds: sweep.sweepMs / 1000, processSeconds: sweep.seconds, setupSeconds: sweep.setupMs / 1000, peakRssMb: sweep.peakRssMb },
  startupSeconds: median(startups),
  judge: judged,
  stages,
  pg,
  live,
};
const md = renderMarkdown(results);
process.stdout.write(`${md.table}\n`);
if (!values['no-write']) {
  const doc = `${root}/docs/benchmarks.md`;
  writeFileSync(doc, md.document(existsSync(doc) ? readFileSync(doc, 'utf8') : ''));
  log(`wrote ${doc}`);
}

function ensureBuilt(): void {
  const entry = `${root}/dist/src/cli/main.js`;
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource(`${root}/src`)) return;
  log('building dist/ (npm run build) ...');
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

function checkCount(what: string, stdout: string, rows: number): void {
  if (Number(stdout.trim()) !== rows) throw new Error(`${what} counted ${stdout.trim()} rows, the file has ${rows}`);
}

/** Byte offset and line number where the last `n` lines of a file begin (read backwards from the end). */
function tailPosition(path: string, n: number, totalLines: number): { offset: number; line: number } {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const buf = Buffer.alloc(1 << 20);
    let seen = 0;
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - buf.length);
      readSync(fd, buf, 0, end - start, start);
      for (let i = end - start - 1; i >= 0; i--) {
        // The file ends with a newline: the (n+1)th newline from the end closes the line before the tail.
        if (buf[i] === 10 && ++seen === n + 1) return { offset: start + i + 1, line: totalLines - n + 1 };
      }
      end = start;
    }
    return { offset: 0, line: 1 };
  } finally {
    closeSync(fd);
  }
}
