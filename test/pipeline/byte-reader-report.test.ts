// The byte-level cdr_csv reader against csv-parse reading every record, end to
// end: the same JSON report (bar generatedAt) and the same bad rows, on the
// demo (with its malformed rows), rotated and gzipped files, the real Asterisk
// captures and the malformed corpus, on one thread and on several.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { renderJson } from '../../src/actions/report/json.js';
import { loadConfig } from '../../src/config/load.js';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment } from '../../src/pipeline/setup.js';
import type { BadRow, DayRange } from '../../src/sources/cdr.js';
import { createCsvSource, type CsvParser } from '../../src/sources/cdr-csv.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { FIXTURES, tempDir } from '../sources/helpers.js';

async function report(paths: string[], window: DayRange, parser: CsvParser, workers = 1) {
  const config = loadConfig({ env: {}, overrides: [] });
  Object.assign(config.pbx, { timezone: 'America/New_York', homeCountry: 'US', trunks: [DEMO_TRUNK] });
  const clock = createClock(config);
  const source = createCsvSource({ paths, clock, parser });
  const bad: BadRow[] = [];
  const { report } = await runReport({
    config, clock, enrich: createEnrichment(config, clock), sources: [source], window,
    onBadRow: (row) => bad.push(row),
    parallel: workers > 1 ? { source, workers, minBytes: 0, overlapBytes: 64 * 1024 } : undefined,
  });
  const { generatedAt: _, ...rest } = report;
  return { json: renderJson({ ...rest, generatedAt: '' }), bad: bad.map((b) => JSON.stringify(b)), warnings: source.warnings };
}

async function same(paths: string[], window: DayRange, workers = 1) {
  const ref = await report(paths, window, 'csv-parse');
  for (const parser of ['bytes', 'fast'] as const) {
    const got = await report(paths, window, parser, workers);
    assert.equal(got.json, ref.json, `${parser}: ${paths.join(', ')} on ${workers} thread(s)`);
    assert.deepEqual(got.bad, ref.bad);
  }
  return ref;
}

test('the demo, whole, rotated and gzipped: the same report as csv-parse, on one thread and two', async (t) => {
  const dir = tempDir(t);
  const END = '2026-03-31';
  const lines = [...generateDemoCsv({ endDay: END, days: 45, extensions: 30, seed: 16, malformed: true })];
  const window = { from: addDays(END, -13), to: END };
  writeFileSync(join(dir, 'Master.csv'), `${lines.join('\n')}\n`);
  const ref = await same([join(dir, 'Master.csv')], window);
  assert.ok(JSON.parse(ref.json).findings.length > 0 && ref.bad.length > 0, 'findings and bad rows compared');
  await same([join(dir, 'Master.csv')], window, 2);
  const rotated = tempDir(t);
  const a = Math.floor(lines.length / 3), b = Math.floor((2 * lines.length) / 3);
  writeFileSync(join(rotated, 'Master.csv.2.gz'), gzipSync(`${lines.slice(0, a).join('\n')}\n`));
  writeFileSync(join(rotated, 'Master.csv.1'), `${lines.slice(a, b).join('\n')}\n`);
  writeFileSync(join(rotated, 'Master.csv'), `${lines.slice(b).join('\n')}\n`);
  await same([join(rotated, 'Master.csv*')], window);
});

test('the Asterisk captures and the malformed corpus: the same report as csv-parse', async (t) => {
  const folders = readdirSync(FIXTURES).filter((d) => readdirSync(join(FIXTURES, d)).includes('Master.csv'));
  assert.ok(folders.length >= 4, folders.join());
  for (const folder of folders) {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, folder, 'Master.csv'), join(dir, 'Master.csv'));
    const days = [...readFileSync(join(dir, 'Master.csv'), 'latin1').matchAll(/"(20\d\d-\d\d-\d\d) \d\d:/g)].map((m) => m[1]!).sort();
    assert.ok(days.length > 0, folder);
    await same([join(dir, 'Master.csv')], { from: days[0]!, to: days[days.length - 1]! });
  }
});
