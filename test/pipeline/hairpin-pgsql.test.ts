// The hairpin capture loaded into a cdr_pgsql table (linkedid as Asterisk set
// it): the report read from PostgreSQL counts and flags the same four calls
// as the one read from Master.csv, pairing the forward by its Local channel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment, createSource, csvSourceFrom } from '../../src/pipeline/setup.js';
import type { CdrSource } from '../../src/sources/cdr.js';
import { hairpinFixture } from '../helpers/fixtures.js';
import { createTestDatabase, execSql, type TestDatabase } from '../helpers/pg.js';
import { readAll } from '../sources/helpers.js';

const DAY = { from: '2026-11-27', to: '2026-11-27' };
let db: TestDatabase;

function configFor(env: Record<string, string>) {
  return loadConfig({ env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US', CDR_CSV: hairpinFixture('Master.csv'), ...env } });
}

before(async () => {
  db = await createTestDatabase();
  await execSql(
    db.url,
    `CREATE TABLE cdr (accountcode varchar(80), src varchar(80), dst varchar(80), dcontext varchar(80), clid varchar(80),
       channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80), start timestamp, answer timestamp,
       "end" timestamp, duration int, billsec int, disposition varchar(45), amaflags varchar(45), uniqueid varchar(150),
       userfield varchar(255), peeraccount varchar(80), linkedid varchar(150), sequence int)`,
  );
  const config = configFor({});
  const { cdrs } = await readAll(csvSourceFrom(config, createClock(config)));
  for (const [i, c] of cdrs.entries()) {
    // As the capture's AMI events show: the Local channel is linked to the inbound leg that created it.
    const linkedid = c.channel.startsWith('Local/') ? '1795750967.9' : c.uniqueid;
    const stamp = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
    await execSql(
      db.url,
      `INSERT INTO cdr VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, ''), $8, NULLIF($9, ''), $10, $11, $12, $13, $14, $15, $16, $17, NULLIF($18, ''), NULL, $19, $20)`,
      [c.accountcode, c.src, c.dst, c.dcontext, c.clid, c.channel, c.dstchannel, c.lastapp, c.lastdata, stamp(c.start), stamp(c.answer), stamp(c.end), c.duration, c.billsec, c.disposition, c.amaflags, c.uniqueid, c.userfield, linkedid, i + 1],
    );
  }
});
after(async () => {
  await db?.drop();
});

async function judged(config: ReturnType<typeof configFor>, source: CdrSource) {
  const clock = createClock(config);
  const { report } = await runReport({ config, clock, sources: [source], enrich: createEnrichment(config, clock), window: DAY, onBadRow: () => {} });
  return {
    summary: { ...report.summary, quarantineFile: null },
    profiles: report.profiles.map(({ examples: _, ...p }) => p),
    findings: report.findings.map((f) => [f.extension, f.rule, f.severity, f.title, f.caller?.label]),
  };
}

test('from PostgreSQL as from Master.csv: four outbound calls, the hairpins and the forward critical', async () => {
  const csvConfig = configFor({});
  const fromCsv = await judged(csvConfig, csvSourceFrom(csvConfig, createClock(csvConfig)));
  const pgConfig = configFor({ CDR_SOURCE: 'postgres', CDR_DATABASE_URL: db.url });
  const fromPg = await judged(pgConfig, createSource(pgConfig, createClock(pgConfig)));
  assert.equal(fromPg.summary.outboundCalls, 4);
  assert.deepEqual(fromPg.profiles.map((p) => [p.extension, p.outboundCalls, p.caller?.label]), [
    ['fwd:2125550104', 1, 'forward of DID 2125550104 (from-trunk via pstn-in)'],
    ['trunk:pstn-in@from-trunk', 3, 'from-trunk via pstn-in'],
  ]);
  assert.ok(fromPg.findings.some((f) => f[0] === 'trunk:pstn-in@from-trunk' && f[1] === 'trunk-to-trunk' && f[2] === 'critical'));
  assert.ok(fromPg.findings.some((f) => f[0] === 'fwd:2125550104' && f[1] === 'trunk-to-trunk' && f[2] === 'critical'));
  assert.deepEqual(fromPg, fromCsv);
});

test('the Local channel paired by linkedid when its inbound leg names it differently', async () => {
  await execSql(db.url, `UPDATE cdr SET dstchannel = 'Local/0115351234567@outbound-0000ffff;1' WHERE uniqueid = '1795750967.9'`);
  try {
    const config = configFor({ CDR_SOURCE: 'postgres', CDR_DATABASE_URL: db.url });
    const { profiles } = await judged(config, createSource(config, createClock(config)));
    assert.deepEqual(profiles.map((p) => p.extension), ['fwd:2125550104', 'trunk:pstn-in@from-trunk']);
  } finally {
    await execSql(db.url, `UPDATE cdr SET dstchannel = 'Local/0115351234567@outbound-00000000;1' WHERE uniqueid = '1795750967.9'`);
  }
});
