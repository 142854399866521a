// Renders benchmark results as Markdown; the measured block of
// docs/benchmarks.md is replaced between markers, the notes around it kept.
import { readdirSync, statSync } from 'node:fs';
import type { Measured } from './measure.js';
import type { PgResult } from './pg.js';

export interface SizeRow {
  label: string;
  rows: number;
  bytes: number;
  report: Measured;
  /** The same report read on one thread (CDR_READER_THREADS=1). */
  reportOne: Measured;
  split: Measured;
  csvParse: Measured;
  /** DuckDB read_csv + GROUP BY extension, day (count, sum(billsec), count(distinct dst)) on 2 threads, same file. */
  duckdb: Measured;
}

export interface Results {
  machine: { cpu: string; cores: number; ramGb: number; node: string; date: string; repeat: number };
  sizes: SizeRow[];
  sweep: { rows: number; bigRows: number; seconds: number; processSeconds: number; setupSeconds: number; peakRssMb: number };
  startupSeconds: number;
  /** judge() alone on synthetic profiles (bench/child/judge.ts). */
  judge: { profiles: number; findings: number; ms: number };
  /** CPU ns per row of each stage of a one-thread report (bench/child/stages.ts). */
  stages: { label: string; rows: number; ns: Record<string, number> };
  pg: PgResult | null;
  /** The live guard under a flood of AMI events (bench/child/live.ts). */
  live?: LiveBench | null;
}

export interface LiveBench {
  seconds: number;
  rate: number;
  events: number;
  eventsPerSecond: number;
  lagMaxMs: number;
  lagP99Ms: number;
  heapFirstMb: number;
  heapLastMb: number;
  heapPeakMb: number;
  rssPeakMb: number;
  peakCalls: number;
}

const START = '<!-- bench:start (written by npm run bench; edit outside the markers) -->';
const END = '<!-- bench:end -->';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const perSecond = (rows: number, m: Measured) => int(rows / m.seconds);
const mb = (n: number) => `${Math.round(n)} MB`;

export function renderMarkdown(r: Results): { table: string; document: (old: string) => string } {
  const lines = [
    '| size | rows | file | `tollguard report` | rows/s | peak RSS | same, 1 thread | rows/s | peak RSS | split into lines | rows/s | peak RSS | csv-parse count | rows/s | peak RSS | DuckDB group by, 2 threads | rows/s | peak RSS | report / split | report / csv-parse | report / DuckDB |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...r.sizes.map((s) =>
      [
        s.label,
        int(s.rows),
        mb(s.bytes / 2 ** 20),
        ...[s.report, s.reportOne, s.split, s.csvParse, s.duckdb].flatMap((m) => [`${m.seconds.toFixed(2)} s`, perSecond(s.rows, m), mb(m.peakRssMb)]),
        `${(s.split.seconds / s.report.seconds).toFixed(2)}`,
        `${(s.csvParse.seconds / s.report.seconds).toFixed(2)}`,
        `${(s.report.seconds / s.duckdb.seconds).toFixed(1)}x`,
      ].join(' | ').replace(/^/, '| ').concat(' |'),
    ),
  ];
  const m = r.machine;
  const targets = ['', '| target (issue 16) | measured | |', '|---|--:|---|'];
  const target = (what: string, got: number, want: number, unit: string, atMost: boolean) => {
    const met = atMost ? got <= want : got >= want;
    const by = atMost ? got / want : want / got;
    targets.push(`| ${what} | ${int(got)} ${unit} | ${met ? 'met' : `missed: ${by.toFixed(1)}x ${atMost ? 'over' : 'short'}`} |`);
  };
  const ten = r.sizes.find((s) => s.rows >= 9_000_000);
  const one = r.sizes.find((s) => s.rows >= 900_000 && s.rows <= 1_100_000);
  if (ten) {
    target('10M rows: peak RSS <= 256 MB (two threads)', ten.report.peakRssMb, 256, 'MB', true);
    target('10M rows: >= 1,000,000 rows/s on two threads', ten.rows / ten.report.seconds, 1_000_000, 'rows/s', false);
  } else targets.push('| 10M rows | not measured (run with --full) | |');
  if (one) target('1M rows: >= 600,000 rows/s on one thread', one.rows / one.reportOne.seconds, 600_000, 'rows/s', false);
  const st = r.stages;
  const stageRows = ['', `| stage (one thread, ${st.label}, CPU ns per row) | ns/row |`, '|---|--:|', ...Object.entries(st.ns).map(([k, v]) => `| ${k} | ${int(v)} |`), `| all | ${int(Object.values(st.ns).reduce((a, b) => a + b, 0))} |`];
  const other = [...targets, ...stageRows,
    '',
    `| other measurement | result |`,
    `|---|--:|`,
    `| intraday sweep: incremental read + enrich + profile + detect of the last ${int(r.sweep.rows)} rows of a ${int(r.sweep.bigRows)}-row file | ${(r.sweep.seconds * 1000).toFixed(0)} ms (setup ${(r.sweep.setupSeconds * 1000).toFixed(0)} ms, whole process under tsx ${r.sweep.processSeconds.toFixed(2)} s, ${mb(r.sweep.peakRssMb)}) |`,
    `| CLI start-up (\`tollguard --help\`, median of 11) | ${(r.startupSeconds * 1000).toFixed(0)} ms |`,
    `| judge alone: 1,000 extensions x 60 days (${int(r.judge.profiles)} profiles, ${int(r.judge.findings)} findings), fastest of 3 | ${int(r.judge.ms)} ms |`,
    r.pg
      ? `| PostgreSQL source reading a ${int(r.pg.rows)}-row cdr table | ${r.pg.seconds.toFixed(2)} s, ${int(r.pg.rowsPerSecond)} rows/s, ${mb(r.pg.peakRssMb)} |`
      : '| PostgreSQL source | not measured (no server, or --no-pg) |',
    r.live
      ? `| live guard: ${int(r.live.rate)} AMI events/s for ${r.live.seconds} s over loopback TCP (synthetic calls, 500 extensions), parsed and judged | ${int(r.live.eventsPerSecond)} events/s kept up; lag max ${int(r.live.lagMaxMs)} ms (p99 ${int(r.live.lagP99Ms)} ms); heap ${mb(r.live.heapFirstMb)} at 5 s, ${mb(r.live.heapLastMb)} at the end (peak ${mb(r.live.heapPeakMb)}), peak RSS ${mb(r.live.rssPeakMb)}; calls followed at once: ${int(r.live.peakCalls)} (the cap) |`
      : '| live guard flood | not measured |',
  ];
  const machine = `Measured ${m.date} (\`--repeat ${m.repeat}\`) on ${m.cpu}, ${m.cores} cores, ${m.ramGb.toFixed(0)} GB RAM, Node ${m.node}. Wall time is each process from spawn to exit (start-up included); peak RSS is that process's maxRSS (all its threads). The report uses one reader thread per core unless "1 thread"; with \`--repeat N\` each report is the fastest of N alternating runs. csv-parse, in the same run, shows how fast the machine was: the machine is shared and its speed drifts. "report / split" is the share of the line-splitting floor the report reaches (1.00 = as fast as merely splitting). DuckDB is the reference a user would pick instead: \`read_csv\` and GROUP BY extension and day with count, sum(billsec) and count(distinct dst), 2 threads, same file. Stages are CPU time (all threads of the process), each pass doing one stage more than the one before (bench/child/stages.ts).`;
  const table = [...lines, ...other].join('\n');
  const block = `${START}\n${machine}\n\n${table}\n${END}`;
  return {
    table: `${machine}\n\n${table}`,
    document: (old) => {
      const a = old.indexOf(START);
      const b = old.indexOf(END);
      if (a >= 0 && b > a) return `${old.slice(0, a)}${block}${old.slice(b + END.length)}`;
      return `# Benchmarks\n\nRun \`npm run bench\` (add \`--full\` for 10M rows).\n\n${block}\n`;
    },
  };
}

/** Newest modification time of the .ts files under `dir`, to tell whether dist/ is stale. */
export function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}
