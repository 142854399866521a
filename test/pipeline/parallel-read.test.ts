// A report read on several threads must be the report read on one: same
// profiles, findings, counts, bad rows. The tests force cuts into a small
// demo file (no size threshold, small overlaps) and compare.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { renderJson } from '../../src/actions/report/json.js';
import { loadConfig } from '../../src/config/load.js';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { masterCsvLine } from '../../src/demo/master-csv-writer.js';
import { foldInParallel } from '../../src/pipeline/parallel/read.js';
import { type Cut, planRead } from '../../src/pipeline/parallel/plan.js';
import { conflict, type Span } from '../../src/pipeline/parallel/verify.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment, csvSourceFrom } from '../../src/pipeline/setup.js';
import type { BadRow } from '../../src/sources/cdr.js';
import { addDays } from '../../src/time/pbx-clock.js';

const dir = mkdtempSync(`${tmpdir()}/tollguard-parallel-`);
after(() => rmSync(dir, { recursive: true, force: true }));

const END = '2026-03-31';
const WINDOW = { from: addDays(END, -13), to: END };
const lines = [...generateDemoCsv({ endDay: END, days: 45, extensions: 30, seed: 11, malformed: true })];
writeFileSync(`${dir}/Master.csv`, `${lines.join('\n')}\n`);
// The same rows as a rotated file and the live one.
const half = Math.floor(lines.length * 0.45);
writeFileSync(`${dir}/rotated.csv.1`, `${lines.slice(0, half).join('\n')}\n`);

function setup(csv: string[]) {
  const config = loadConfig({ env: {}, overrides: [] });
  Object.assign(config.pbx, { timezone: 'America/New_York', homeCountry: 'US', trunks: [DEMO_TRUNK] });
  config.cdr.csv = csv;
  const clock = createClock(config);
  return { config, clock, enrich: createEnrichment(config, clock), source: csvSourceFrom(config, clock) };
}

async function report(csv: string[], parallel?: { workers: number; overlapBytes: number }) {
  const s = setup(csv);
  const bad: BadRow[] = [];
  const result = await runReport({
    ...s,
    sources: [s.source],
    window: WINDOW,
    onBadRow: (row) => bad.push(row),
    now: new Date('2026-04-01T06:00:00Z'),
    parallel: parallel && { source: s.source, ...parallel, minBytes: 0 },
  });
  return { json: renderJson(result.report), covered: result.coveredDays, bad: bad.map((b) => JSON.stringify(b)), warnings: s.source.warnings };
}

test('two and three threads give the one-thread report, byte for byte', async () => {
  const one = await report([`${dir}/Master.csv`]);
  assert.ok(JSON.parse(one.json).findings.length > 0, 'the demo has findings to compare');
  assert.ok(one.bad.length > 0, 'and bad rows');
  for (const workers of [2, 3]) {
    const many = await report([`${dir}/Master.csv`], { workers, overlapBytes: 256 * 1024 });
    assert.equal(many.json, one.json, `${workers} threads`);
    assert.deepEqual(many.bad, one.bad);
    assert.deepEqual(many.covered, one.covered);
  }
});

test('the threads really split the file, and the merge is checked exact', async () => {
  const s = setup([`${dir}/Master.csv`]);
  const readDays = { from: addDays(WINDOW.from, -28), to: WINDOW.to };
  const plan = planRead(await s.source.files(), 3, 'auto', 256 * 1024, 0);
  assert.equal(plan?.workers.length, 3);
  const { fold } = await foldInParallel({ source: s.source, workers: 3, overlapBytes: 256 * 1024, minBytes: 0 }, { ...s, window: WINDOW, readDays, onBadRow: () => {} });
  assert.ok(fold, 'read in parallel');
  assert.equal(s.source.stats.rowsRead, lines.length);
});

test('a call longer than the overlaps reach: read again on one thread, same report', async () => {
  // A 38-day call near the top of the file overlaps calls after any cut.
  const long = masterCsvLine({
    src: '1001', dst: '12125550100', dcontext: 'from-internal', clid: '"Long" <1001>', channel: 'PJSIP/1001-0000ffff', dstchannel: 'PJSIP/telco-0000fffe',
    lastapp: 'Dial', lastdata: 'PJSIP/12125550100@telco,60', start: '2026-02-20 08:00:00', answer: '2026-02-20 08:00:05', end: '2026-03-30 08:00:00',
    duration: 3_279_600, billsec: 3_279_595, disposition: 'ANSWERED', uniqueid: '1771246800.1',
  });
  const path = `${dir}/long.csv`;
  writeFileSync(path, `${[...lines.slice(0, 10), long, ...lines.slice(10)].join('\n')}\n`);
  const s = setup([path]);
  const readDays = { from: addDays(WINDOW.from, -28), to: WINDOW.to };
  const r = await foldInParallel({ source: s.source, workers: 2, overlapBytes: 64 * 1024, minBytes: 0 }, { ...s, window: WINDOW, readDays, onBadRow: () => {} });
  assert.equal(r.fold, null, 'the check refuses the merge');
  assert.match(String(r.fold === null && r.why), /a call of 1001 before|more than a day out of time order/);
  const one = await report([path]);
  assert.match(one.json, /"peakConcurrent": 2/, 'the long call is concurrent with others');
  const many = await report([path], { workers: 2, overlapBytes: 64 * 1024 });
  assert.equal(many.json, one.json);
  assert.deepEqual(many.bad, one.bad, 'bad rows reported once, after the threads were given up');
  assert.ok(many.warnings.some((w) => w.startsWith('read on one thread: ')));
});

test('rows far out of time order (a file copied twice into one): given up, read on one thread, same report', async () => {
  const path = `${dir}/twice.csv`;
  writeFileSync(path, `${[...lines, ...lines].join('\n')}\n`);
  const s = setup([path]);
  const readDays = { from: addDays(WINDOW.from, -28), to: WINDOW.to };
  const r = await foldInParallel({ source: s.source, workers: 2, overlapBytes: 64 * 1024, minBytes: 0 }, { ...s, window: WINDOW, readDays, onBadRow: () => {} });
  assert.equal(r.fold, null);
  assert.match(String(r.fold === null && r.why), /more than a day out of time order/, 'given up while reading, not checked at the end');
  assert.equal((await report([path], { workers: 2, overlapBytes: 64 * 1024 })).json, (await report([path])).json);
});

test('over 10,000 bad rows: read on one thread, every bad row reported once, in order', async () => {
  const path = `${dir}/bad.csv`;
  const junk = Array.from({ length: 12_000 }, (_, i) => `"junk",${i}`);
  writeFileSync(path, `${[...lines.slice(0, half), ...junk, ...lines.slice(half)].join('\n')}\n`);
  const one = await report([path]);
  const many = await report([path], { workers: 2, overlapBytes: 64 * 1024 });
  assert.equal(many.json, one.json);
  assert.ok(one.bad.length > 12_000);
  assert.deepEqual(many.bad, one.bad);
  assert.ok(many.warnings.includes('read on one thread: over 10,000 bad rows (reported as they are read)'));
});

test('rotated files: threads cut within the files, the report is the same', async () => {
  writeFileSync(`${dir}/live.csv`, `${lines.slice(half).join('\n')}\n`);
  // Master-family names for rotation order: Master.csv.1 is older than Master.csv.
  const rot = mkdtempSync(`${dir}/rot-`);
  writeFileSync(`${rot}/Master.csv.1`, readFileSync(`${dir}/rotated.csv.1`));
  writeFileSync(`${rot}/Master.csv`, readFileSync(`${dir}/live.csv`));
  const one = await report([`${rot}/Master.csv*`]);
  const many = await report([`${rot}/Master.csv*`], { workers: 2, overlapBytes: 128 * 1024 });
  assert.equal(many.json, one.json);
  assert.deepEqual(many.bad, one.bad);
});

test('the check is per extension: overlapping calls of other extensions do not matter', () => {
  const cut: Cut = { path: 'Master.csv', w: 100, b: 200, l: 300, pieces: { w: 1, b: 2, l: 3 } };
  const h = (n: number) => Date.parse('2026-03-10T00:00:00Z') + n * 3_600_000;
  // Pieces 0 and 1 are the earlier thread's (1 is what the later one also reads), 2 and 3 the later's.
  const spans = (before: Map<string, Span>, after: Map<string, Span>) => [before, new Map(), after, new Map<string, Span>()];
  // 1001 talked 08:00-10:00 before the cut; 1002 started at 09:00 after it: no conflict.
  assert.equal(conflict([cut], spans(new Map([['1001', [h(8), h(8), h(10)]]]), new Map([['1002', [h(9), h(9), h(9.5)]]]))), null);
  // The same extension: its 09:00 call after the cut overlaps one the later thread never saw.
  assert.match(String(conflict([cut], spans(new Map([['1001', [h(8), h(8), h(10)]]]), new Map([['1001', [h(9), h(9), h(9.5)]]])))), /a call of 1001 before Master.csv byte 100/);
  // A call read by both threads (piece 1, the overlap) is seen whole by the later thread: no conflict.
  assert.equal(conflict([cut], [new Map(), new Map([['1001', [h(8), h(8), h(10)]]]), new Map([['1001', [h(9), h(9), h(9.5)]]]), new Map()]), null);
  // Past the earlier thread's overlap (piece 3), a call that started before its last one (piece 1) did.
  assert.match(String(conflict([cut], [new Map(), new Map([['1001', [h(11), h(11), h(11.5)]]]), new Map(), new Map([['1001', [h(10), h(10), h(10.5)]]])])), /a call of 1001 after Master.csv byte 300 started before/);
});

test('unanswered=yes: a call written twice is one call, also when a cut falls between its two records', async () => {
  // As Asterisk writes it with unanswered=yes and Hangup() after Dial: each unanswered trunk call is
  // followed by a record of the same channel and uniqueid with lastapp Hangup and no dstchannel.
  const twin = (l: string) => {
    const f = parse(l, { relax_quotes: true })[0] as string[];
    f[6] = '';
    f[7] = 'Hangup';
    f[8] = '';
    return f.map((v, i) => (i >= 12 && i <= 13 ? v : `"${v.replace(/"/g, '""')}"`)).join(',').replace(/^(([^,]*,){10})""/, '$1');
  };
  const doubled = lines.flatMap((l) => (/"Dial","PJSIP\/[^"]*@telco/.test(l) && /"(NO ANSWER|BUSY)"/.test(l) ? [l, twin(l)] : [l]));
  assert.ok(doubled.length - lines.length > 50, 'many calls written twice');
  const path = `${dir}/unanswered.csv`;
  writeFileSync(path, `${doubled.join('\n')}\n`);

  // Where each example call came from differs (the lines moved); everything else must not.
  const noOrigins = (json: string) => JSON.parse(json, (k, v: unknown) => (k === 'origin' ? undefined : v));
  const once = noOrigins((await report([`${dir}/Master.csv`])).json);
  const one = await report([path]);
  const twice = noOrigins(one.json);
  assert.deepEqual(twice.profiles, once.profiles, 'every profile as if each call had been written once');
  assert.deepEqual(twice.findings, once.findings);
  for (const k of ['rowsUsed', 'rowsInWindow', 'outboundCalls', 'estimatedCost']) assert.equal(twice.summary[k], once.summary[k], k);
  assert.ok(twice.summary.rowsMerged > 1000, 'the second records were merged (a few were malformed, as the demo makes them)');
  assert.equal(twice.summary.rowsRead, twice.summary.rowsUsed + twice.summary.rowsQuarantined + twice.summary.rowsOutsideWindow + twice.summary.rowsMerged);

  // Cuts that fall between the two records of a call, and threads that give the one-thread report.
  const s = setup([path]);
  const isTwin = (offset: number) => readFileSync(path).subarray(offset, offset + 400).toString().split('\n')[0]!.includes('"Hangup",""');
  let straddled = 0;
  for (const workers of [2, 3, 4]) {
    for (const overlapBytes of [64 * 1024, 256 * 1024]) {
      const plan = planRead(await s.source.files(), workers, 'auto', overlapBytes, 0)!;
      const cutsInPairs = plan.cuts.filter((c) => isTwin(c.b)).length;
      if (cutsInPairs === 0) continue;
      straddled += cutsInPairs;
      const many = await report([path], { workers, overlapBytes });
      assert.ok(!many.warnings.some((w) => w.startsWith('read on one thread')), many.warnings.join('; '));
      assert.equal(many.json, one.json, `${workers} threads, overlap ${overlapBytes}`);
      assert.deepEqual(many.bad, one.bad);
    }
  }
  assert.ok(straddled > 0, 'some cut fell between two records of one call');
});
