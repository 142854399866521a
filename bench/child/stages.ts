// Where a report's time goes, stage by stage, on one thread: each pass reads
// the whole file again and does one stage more than the pass before, so a
// stage's cost is the difference. Args: FILE CONFIG FROM TO. Prints JSON
// {rows, ns: {split, intern, cdr, route, classify, accumulate, judge, write}}
// in ns of CPU per row, reading with the byte-level reader (parser 'bytes'). On a tree before the byte-level reader, "split" is the string
// splitter, which also cuts the field strings (so "intern" is 0 there).
import { createReadStream } from 'node:fs';
import { loadConfig } from '../../src/config/load.js';
import { renderJson } from '../../src/actions/report/json.js';
import { createRouteDecider, type RouteScratch } from '../../src/enrichment/direction.js';
import { ReportFold } from '../../src/pipeline/fold.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment } from '../../src/pipeline/setup.js';
import type { Cdr } from '../../src/sources/cdr.js';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { CsvRecordReader } from '../../src/sources/cdr-csv-reader.js';
import { RecordSplitter } from '../../src/sources/cdr-csv-split.js';
import { addDays } from '../../src/time/pbx-clock.js';

const [file, configFile, from, to] = process.argv.slice(2) as [string, string, string, string];
const config = loadConfig({ configFile, env: {} });
const clock = createClock(config);
const window = { from, to };
const readDays = { from: addDays(from, -config.detection.lookbackDays), to };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** CPU ms of the process (all its threads, GC helpers included): the machine is shared, so wall time drifts with the load. Fastest of two. */
async function timed(pass: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    gc();
    const t0 = process.cpuUsage();
    await pass();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

async function chunks(each: (b: Buffer) => void): Promise<void> {
  for await (const c of createReadStream(file, { highWaterMark: 256 * 1024 })) each(c as Buffer);
}

async function splitOnly(): Promise<void> {
  const bytes = await import('../../src/sources/cdr-csv-bytes.js').catch(() => null);
  let carry: Buffer | null = null;
  if (bytes) {
    const s = new bytes.ByteSplitter();
    await chunks((c) => {
      const buf: Buffer = carry ? Buffer.concat([carry, c]) : c;
      let p = 0;
      for (let nl = buf.indexOf(10); nl >= 0; p = nl + 1, nl = buf.indexOf(10, p)) s.split(buf, p, nl);
      carry = buf.subarray(p);
    });
    return;
  }
  const s = new RecordSplitter(true);
  await chunks((c) => {
    const buf: Buffer = carry ? Buffer.concat([carry, c]) : c;
    const last = buf.lastIndexOf(10);
    const text = buf.toString('latin1', 0, last + 1);
    for (let i = 0; i < text.length; ) i = s.split(text, i);
    carry = buf.subarray(last + 1);
  });
}

async function records(): Promise<void> {
  const reader = new CsvRecordReader({ record() {}, bad() {} }, new RecordSplitter(true, true));
  await chunks((c) => reader.push(c));
  reader.finish(true);
}

async function eachCdr(each: (cdr: Cdr) => void): Promise<number> {
  const source = createCsvSource({ paths: [file], clock, layout: config.cdr.csvLayout, parser: 'bytes' });
  for await (const batch of source.read({ days: readDays, onBadRow: () => {} })) for (const cdr of batch) each(cdr);
  return source.stats.rowsRead;
}

let rows = 0;
const ms: Record<string, number> = {};
ms.split = await timed(splitOnly);
ms.records = await timed(records);
ms.cdr = await timed(async () => (rows = await eachCdr(() => {})));
const decide = createRouteDecider(config.pbx);
const scratch = { identity: null, dialled: '', dial: null, suspiciousContext: null, from: 'extension' } as RouteScratch;
ms.route = await timed(() => eachCdr((cdr) => decide(cdr, scratch)));
const enrich = createEnrichment(config, clock);
ms.enrich = await timed(() => eachCdr(enrich));
const fresh = createEnrichment(config, clock);
ms.fold = await timed(async () => {
  const fold = new ReportFold(clock, fresh, readDays, window, config.pbx);
  await eachCdr((cdr) => fold.add(cdr));
  fold.takeProfiles();
});
let json = '';
ms.report = await timed(async () => {
  const source = createCsvSource({ paths: [file], clock, layout: config.cdr.csvLayout, parser: 'bytes' });
  const { report } = await runReport({ config, clock, sources: [source], enrich: createEnrichment(config, clock), window, onBadRow: () => {} });
  ms.render = await timed(async () => (json = renderJson(report)));
});
ms.report! -= ms.render!;
const ns = (a: number, b = 0) => Math.round(((a - b) * 1e6) / rows);
process.stdout.write(
  JSON.stringify({
    rows,
    bytes: json.length,
    ns: {
      split: ns(ms.split!),
      intern: ns(ms.records!, ms.split),
      cdr: ns(ms.cdr!, ms.records),
      route: ns(ms.route!, ms.cdr),
      classify: ns(ms.enrich!, ms.route),
      accumulate: ns(ms.fold!, ms.enrich),
      judge: ns(ms.report!, ms.fold),
      write: ns(ms.render!),
    },
  }),
);
