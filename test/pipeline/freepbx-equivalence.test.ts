// The same calls give the same findings and profiles from FreePBX's MySQL table
// (real MariaDB) as from Master.csv: the real captures (the fixture pair and
// the hairpin capture) and a generated month of the demo PBX with its attacks,
// forwards and a hairpin night, each converted into asteriskcdrdb.cdr rows.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { DEMO_TRUNK } from '../../src/demo/generate.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment, createSource, csvSourceFrom } from '../../src/pipeline/setup.js';
import type { DayRange } from '../../src/sources/cdr.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { fixture, hairpinFixture } from '../helpers/fixtures.js';
import { freepbxCdrDdl, freepbxRowsFromMasterCsv, insertFreepbxRows } from '../helpers/freepbx.js';
import { hairpinMonth } from '../helpers/hairpin-month.js';
import { createTestDatabase, execMysql, type TestDatabase } from '../helpers/mysql.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-freepbx-eq-'));
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

/** The report of `window` from Master.csv and from the same rows in FreePBX's table. */
async function both(csv: string, table: string, window: DayRange, env: Record<string, string>) {
  await execMysql(freepbxCdrDdl(table), [], db.name);
  await insertFreepbxRows(db.name, table, freepbxRowsFromMasterCsv(csv));
  const judged = async (extra: Record<string, string>) => {
    const config = loadConfig({ env: { HOME_COUNTRY: 'US', CDR_CSV: csv, ...env, ...extra } });
    const clock = createClock(config);
    const source = config.cdr.source === 'csv' ? csvSourceFrom(config, clock) : createSource(config, clock);
    const { report } = await runReport({ config, clock, sources: [source], enrich: createEnrichment(config, clock), window, onBadRow: () => assert.fail('no bad rows'), now: new Date(`${addDays(window.to, 1)}T12:00:00Z`) });
    // Where a call came from (Master.csv:17 or cdr#uniqueid/sequence) is all that may differ.
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'origin' ? undefined : x)));
    return { summary: { ...report.summary, quarantineFile: null }, profiles: strip(report.profiles), findings: strip(report.findings) };
  };
  return { csv: await judged({}), mysql: await judged({ CDR_SOURCE: 'mysql', CDR_DATABASE_URL: db.url, CDR_TABLE: table }) };
}

test('the fixture pair: the same report from FreePBX\'s table as from Master.csv', async () => {
  const r = await both(fixture('Master.csv'), 'cdr_fixture', { from: '2026-11-26', to: '2026-11-26' }, { PBX_TIMEZONE: 'America/New_York', TRUNKS: 'carrier' });
  assert.equal(r.csv.summary.rowsRead, 29);
  assert.ok(r.csv.findings.some((f: { severity: string }) => f.severity === 'critical'));
  assert.deepEqual(r.mysql, r.csv);
});

test('the hairpin capture: hairpins and the forward the same from FreePBX\'s table', async () => {
  const r = await both(hairpinFixture('Master.csv'), 'cdr_hairpin', { from: '2026-11-27', to: '2026-11-27' }, { PBX_TIMEZONE: 'UTC' });
  assert.deepEqual(r.csv.profiles.map((p: { extension: string }) => p.extension), ['fwd:2125550104', 'trunk:pstn-in@from-trunk']);
  assert.deepEqual(r.mysql, r.csv);
});

test('a generated month with its attacks, forwards and a hairpin night: the same findings and profiles', async () => {
  const end = '2026-03-31';
  const csv = join(dir, 'month.csv');
  writeFileSync(csv, `${hairpinMonth({ endDay: end, days: 40, night: '2026-03-27' }).join('\n')}\n`);
  const r = await both(csv, 'cdr_month', { from: addDays(end, -6), to: end }, { PBX_TIMEZONE: 'America/New_York', TRUNKS: DEMO_TRUNK });
  assert.ok(r.csv.summary.rowsRead > 3000, String(r.csv.summary.rowsRead));
  assert.ok(r.csv.findings.length > 0);
  // The table is read with a predicate on calldate, so rows outside the days read never arrive; Master.csv is read whole.
  const counted = ({ rowsRead: _r, rowsOutsideWindow: _o, ...rest }: Record<string, unknown>) => rest;
  assert.equal(r.csv.summary.rowsRead - r.csv.summary.rowsOutsideWindow, r.mysql.summary.rowsRead - r.mysql.summary.rowsOutsideWindow);
  assert.deepEqual(counted(r.mysql.summary), counted(r.csv.summary));
  assert.deepEqual(r.mysql.profiles, r.csv.profiles);
  assert.deepEqual(r.mysql.findings, r.csv.findings);
});
