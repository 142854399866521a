// The PostgreSQL CDR source against a real server: the cdr_pgsql dump of the
// same calls as Master.csv, the older calldate layout, timestamptz, a column
// map, hostile names, failures, and incremental reads with late rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { createPgSource, type PgSourceOptions } from '../../src/sources/cdr-pgsql.js';
import { type BadRow, type Cdr, type CdrSource, type DayRange, InputError } from '../../src/sources/cdr.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { createTestDatabase, execSql, loadPgDump, PG, type TestDatabase } from '../helpers/pg.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/asterisk-22.7/', import.meta.url));
const DAY: DayRange = { from: '2026-11-26', to: '2026-11-26' };
const clock = new PbxClock('America/New_York');

async function readAll(source: CdrSource, days: DayRange = DAY): Promise<{ cdrs: Cdr[]; bad: BadRow[] }> {
  const cdrs: Cdr[] = [];
  const bad: BadRow[] = [];
  for await (const batch of source.read({ days, onBadRow: (row) => bad.push(row) })) cdrs.push(...batch);
  return { cdrs, bad };
}

const byId = (a: Cdr, b: Cdr) => a.uniqueid.localeCompare(b.uniqueid);
/** What both backends must agree on: everything but where the row came from and linkedid (not in an 18-column Master.csv). */
const comparable = (cdrs: Cdr[]) => cdrs.map(({ origin: _o, linkedid: _l, ...rest }) => rest).sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));

describe('PostgreSQL CDR source', () => {
  let db: TestDatabase;
  const source = (o: Partial<PgSourceOptions> = {}) => createPgSource({ url: db.url, clock, batchSize: 7, ...o });

  before(async () => {
    db = await createTestDatabase();
    await loadPgDump(db.url, `${FIXTURES}cdr_pgsql_dump.sql`);
  });
  after(async () => {
    await db?.drop();
  });

  it('reads the cdr_pgsql dump exactly as the CSV source reads Master.csv', async () => {
    const fromCsv = await readAll(createCsvSource({ paths: [`${FIXTURES}Master.csv`], clock }));
    const pg = source();
    const fromPg = await readAll(pg);
    assert.equal(fromPg.bad.length, 0);
    assert.equal(fromPg.cdrs.length, 29);
    assert.deepEqual(comparable(fromPg.cdrs), comparable(fromCsv.cdrs));
    assert.deepEqual(pg.stats, { rowsRead: 29, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 });
    // NULL arrives as "", an unanswered call's answer as null, linkedid is kept.
    const carol = fromPg.cdrs.find((c) => c.uniqueid === '1795674912.76')!;
    assert.equal(carol.answer, null);
    assert.equal(carol.dstchannel, '');
    assert.equal(carol.accountcode, 'sales');
    assert.equal(carol.linkedid, '1795674912.76');
    assert.equal(carol.origin, 'cdr#1795674912.76/53');
    assert.equal(carol.start, Date.parse('2026-11-26T11:35:12Z'));
  });

  it('reads only the days asked for', async () => {
    const { cdrs } = await readAll(source(), { from: '2026-11-27', to: '2026-11-30' });
    assert.equal(cdrs.length, 0);
  });

  it('reads the older calldate layout with numeric disposition and amaflags', async () => {
    await execSql(
      db.url,
      `CREATE SCHEMA asterisk;
       CREATE TABLE asterisk.cdr_old (calldate timestamp NOT NULL, clid varchar(80), src varchar(80), dst varchar(80), dcontext varchar(80),
         channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80), duration int, billsec int,
         disposition int, amaflags int, accountcode varchar(20), uniqueid varchar(150), userfield varchar(255));
       INSERT INTO asterisk.cdr_old SELECT start, clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata, duration, billsec,
         CASE disposition WHEN 'ANSWERED' THEN 8 WHEN 'NO ANSWER' THEN 0 WHEN 'BUSY' THEN 4 ELSE 2 END, 3, accountcode, uniqueid, userfield FROM cdr;`,
    );
    const modern = (await readAll(source())).cdrs.sort(byId);
    const old = await readAll(source({ table: 'asterisk.cdr_old' }));
    assert.equal(old.bad.length, 0);
    assert.equal(old.cdrs.length, 29);
    // No end or answer column: end = calldate + duration, answer = end - billsec (Asterisk truncates
    // both to whole seconds, so these can be a second off the modern layout's real times).
    const want = modern.map((c) => {
      const end = c.start + c.duration * 1000;
      return { ...c, end, answer: c.billsec > 0 ? end - c.billsec * 1000 : null, linkedid: '', origin: `cdr#${c.uniqueid}` };
    });
    assert.ok(want.some((c, i) => c.end !== modern[i]!.end), 'the fixture has calls whose duration is truncated');
    assert.deepEqual(old.cdrs.sort(byId), want);
    assert.ok(old.cdrs.every((c) => c.amaflags === 'DOCUMENTATION'));
  });

  it('reads timestamptz columns as instants', async () => {
    await execSql(db.url, `SET TimeZone = 'Asia/Tokyo';
      CREATE TABLE cdr_tz AS SELECT * FROM cdr;
      ALTER TABLE cdr_tz ALTER COLUMN start TYPE timestamptz USING start AT TIME ZONE 'America/New_York',
        ALTER COLUMN answer TYPE timestamptz USING answer AT TIME ZONE 'America/New_York',
        ALTER COLUMN "end" TYPE timestamptz USING "end" AT TIME ZONE 'America/New_York';`);
    const modern = (await readAll(source())).cdrs.sort(byId);
    const tz = await readAll(source({ table: 'cdr_tz' }));
    assert.deepEqual(tz.cdrs.sort(byId), modern);
    // A PBX in another zone sees the same instants on its own local day (the predicate compares instants).
    const kiritimati = await readAll(source({ table: 'cdr_tz', clock: new PbxClock('Pacific/Kiritimati') }), { from: '2026-11-27', to: '2026-11-27' });
    assert.equal(kiritimati.cdrs.length, 29); // 11:35 UTC is 01:35 the next day at UTC+14
  });

  it('follows a column map for columns named differently', async () => {
    await execSql(db.url, `CREATE TABLE cdr_renamed AS SELECT * FROM cdr;
      ALTER TABLE cdr_renamed RENAME COLUMN start TO call_start;
      ALTER TABLE cdr_renamed RENAME COLUMN channel TO chan;
      ALTER TABLE cdr_renamed RENAME COLUMN dst TO "Dialled";`);
    await assert.rejects(readAll(source({ table: 'cdr_renamed' })), (e: Error) => e instanceof InputError && /no start or calldate column/.test(e.message) && /CDR_COLUMN_MAP/.test(e.message));
    const modern = (await readAll(source())).cdrs.sort(byId);
    const mapped = await readAll(source({ table: 'cdr_renamed', columns: { start: 'call_start', channel: 'chan', dst: 'Dialled' } }));
    assert.deepEqual(mapped.cdrs.sort(byId), modern);
    await assert.rejects(readAll(source({ table: 'cdr_renamed', columns: { start: 'call_start', channel: 'chan', dst: 'dialled' } })), /column map sends dst to column "dialled", which does not exist/);
  });

  it('rejects hostile table and column names before any SQL runs', async () => {
    assert.throws(() => source({ table: 'cdr; DROP TABLE cdr_tz' }), InputError);
    assert.throws(() => source({ table: '"quoted"' }), InputError);
    assert.throws(() => source({ table: 'a.b.c' }), InputError);
    await assert.rejects(readAll(source({ columns: { start: 'start"; DROP TABLE cdr_tz; --' } })), InputError);
    await assert.rejects(readAll(source({ columns: { dst: '"quoted"' } })), InputError);
    const still = await execSql(db.url, "SELECT to_regclass('cdr_tz') IS NOT NULL AS ok");
    assert.equal(still.rows[0].ok, true);
  });

  it('says clearly when the server is down, without the password', async () => {
    const url = `postgresql://postgres:s3cret-pw@${PG.host}:1/${db.name}`;
    const err = await readAll(createPgSource({ url, clock })).catch((e: unknown) => e);
    assert.ok(err instanceof InputError, String(err));
    assert.match(err.message, /connection refused/);
    assert.match(err.message, /cannot connect/);
    assert.doesNotMatch(err.message, /s3cret/);
  });

  it('says clearly when the table or a column is missing', async () => {
    await assert.rejects(readAll(source({ table: 'nope' })), (e: Error) => e instanceof InputError && /CDR table nope does not exist/.test(e.message));
    await execSql(db.url, 'CREATE TABLE cdr_nochan AS SELECT start, dst, duration, billsec, disposition FROM cdr');
    await assert.rejects(readAll(source({ table: 'cdr_nochan' })), (e: Error) => e instanceof InputError && /has no channel column/.test(e.message));
  });

  it('says clearly when permission is denied', async () => {
    await execSql(db.url, `DROP ROLE IF EXISTS ${db.name}_ro; CREATE ROLE ${db.name}_ro LOGIN`);
    try {
      const url = db.url.replace(/\/\/[^@]*@/, `//${db.name}_ro@`);
      await assert.rejects(readAll(createPgSource({ url, clock })), (e: Error) => e instanceof InputError && /permission denied/.test(e.message));
    } finally {
      await execSql(db.url, `DROP OWNED BY ${db.name}_ro; DROP ROLE ${db.name}_ro`);
    }
  });

  it('sets bad rows aside with the reason and counts them', async () => {
    await execSql(db.url, `CREATE TABLE cdr_bad AS SELECT * FROM cdr;
      UPDATE cdr_bad SET "end" = start - interval '5 seconds' WHERE uniqueid = '1795674912.65';
      UPDATE cdr_bad SET disposition = 'MAYBE' WHERE uniqueid = '1795674912.72';
      UPDATE cdr_bad SET duration = -3 WHERE uniqueid = '1795674912.80';`);
    const pg = source({ table: 'cdr_bad' });
    const { cdrs, bad } = await readAll(pg);
    assert.equal(cdrs.length, 26);
    assert.deepEqual(bad.map((b) => [b.line, b.reason.replace(/ ".*/, '')]).sort(), [
      ['1795674912.65/42', 'end before start'],
      ['1795674912.72/49', 'unknown disposition'],
      ['1795674912.80/56', 'duration'],
    ]);
    assert.ok(bad.every((b) => b.where === 'cdr_bad' && JSON.parse(b.raw).uniqueid));
    assert.deepEqual(pg.stats, { rowsRead: 29, rowsQuarantined: 3, rowsOutsideWindow: 0, rowsMerged: 0 });
  });

  it('reads incrementally: late rows once, no row twice', async () => {
    await execSql(db.url, 'CREATE TABLE cdr_live AS SELECT * FROM cdr WHERE false');
    const add = (uid: string, start: string, end: string, seq: number) =>
      execSql(db.url, `INSERT INTO cdr_live (channel, dst, start, answer, "end", duration, billsec, disposition, uniqueid, sequence)
        VALUES ('PJSIP/1001-00000001', '0118821234567', $1::timestamp, $1::timestamp, $2::timestamp,
        extract(epoch from $2::timestamp - $1::timestamp)::int, extract(epoch from $2::timestamp - $1::timestamp)::int, 'ANSWERED', $3, $4)`, [start, end, uid, seq]);
    const live = (since: string | null) => source({ table: 'cdr_live', since });
    const days = { from: '2026-11-26', to: '2026-11-26' };
    const ids = (cdrs: Cdr[]) => cdrs.map((c) => c.uniqueid).sort();

    await add('a', '2026-11-26 10:00:00', '2026-11-26 10:05:00', 1);
    await add('b', '2026-11-26 10:10:00', '2026-11-26 10:11:00', 2);
    await add('yesterday', '2026-11-25 23:00:00', '2026-11-25 23:01:00', 3);
    const first = live(null);
    assert.deepEqual(ids((await readAll(first, days)).cdrs), ['a', 'b']);
    const p1 = first.position();
    assert.ok(p1);

    // Written after the first read: a long call that began before the mark,
    // a row that ended before the mark but was written late, and a new call.
    await add('long', '2026-11-26 09:00:00', '2026-11-26 11:00:00', 4);
    await add('late', '2026-11-26 10:03:00', '2026-11-26 10:04:00', 5);
    await add('c', '2026-11-26 10:20:00', '2026-11-26 10:21:00', 6);
    const second = live(p1);
    assert.deepEqual(ids((await readAll(second, days)).cdrs), ['c', 'late', 'long']);
    assert.equal(second.rowsAlreadySeen, 2);
    assert.equal(second.stats.rowsRead, 3);
    const p2 = second.position();

    const third = live(p2);
    assert.deepEqual((await readAll(third, days)).cdrs, []);
    assert.equal(third.position(), p2, 'nothing new: the position stays');

    // Same uniqueid, another sequence (a second CDR of the same channel) is a different row.
    await add('c', '2026-11-26 10:20:00', '2026-11-26 10:22:00', 7);
    const fourth = live(p2);
    const got = (await readAll(fourth, days)).cdrs;
    assert.deepEqual(got.map((c) => c.origin), ['cdr#c/7']);
    assert.throws(() => live('garbage'), /stored ingest position/);
  });

  it('unanswered=yes: the two records Asterisk writes for a busy or unanswered call are one call', async () => {
    // The real capture's rows in a cdr_pgsql table, as cdr_pgsql writes them: both records of a
    // call share uniqueid and linkedid, and every record has its own sequence (cdr.c numbers each).
    const rows: string[][] = parseCsv(readFileSync(`${FIXTURES}../asterisk-22.7-unanswered/Master.csv`), { relax_quotes: true });
    await execSql(db.url, `CREATE TABLE cdr_unanswered (LIKE cdr)`);
    for (const [i, f] of rows.entries()) {
      const ts = (v: string) => (v === '' ? null : v);
      await execSql(
        db.url,
        `INSERT INTO cdr_unanswered (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, "end", duration, billsec, disposition, amaflags, uniqueid, userfield, linkedid, sequence)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$17,$19)`,
        [...f.slice(0, 9), f[9], ts(f[10]!), f[11], ...f.slice(12, 18), 1000 + i],
      );
    }
    const utc = new PbxClock('UTC');
    const pg = source({ table: 'cdr_unanswered', clock: utc });
    const { cdrs, bad } = await readAll(pg, { from: '2026-11-27', to: '2026-11-27' });
    assert.deepEqual(bad, []);
    assert.equal(cdrs.length, 140);
    assert.deepEqual(pg.stats, { rowsRead: 147, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 7 });
    const carol = cdrs.filter((c) => c.uniqueid === '1795749498.85');
    assert.equal(carol.length, 1);
    assert.equal(carol[0]!.dstchannel, 'IAX2/carrier-7930');
    // As the CSV source reads Master.csv.
    const csv = await readAll(createCsvSource({ paths: [`${FIXTURES}../asterisk-22.7-unanswered/Master.csv`], clock: utc }), { from: '2026-11-27', to: '2026-11-27' });
    assert.deepEqual(comparable(cdrs), comparable(csv.cdrs));

    // A call that rang over midnight: its Dial record started the day before, the second one on the
    // day read. The call is the day before's, so the day read has none of it.
    await execSql(db.url, `CREATE TABLE cdr_midnight (LIKE cdr)`);
    const insert = `INSERT INTO cdr_midnight (src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, "end", duration, billsec, disposition, amaflags, uniqueid, linkedid, sequence)
      VALUES ('1004', '13125550101', 'outbound', '"Dave" <1004>', 'IAX2/1004-11116', $1, $2, $3, $4, $5, $6, 0, 'NO ANSWER', 'DOCUMENTATION', '1795750297.9', '1795750297.9', $7)`;
    await execSql(db.url, insert, ['IAX2/carrier-2796', 'Dial', 'IAX2/carrier/13125550101,30', '2026-11-26 23:59:50', '2026-11-27 00:00:20', 30, 1]);
    await execSql(db.url, insert, ['', 'Hangup', '', '2026-11-27 00:00:20', '2026-11-27 00:00:20', 0, 2]);
    const night = source({ table: 'cdr_midnight', clock: utc });
    assert.equal((await readAll(night, { from: '2026-11-27', to: '2026-11-27' })).cdrs.length, 0);
    assert.deepEqual(night.stats, { rowsRead: 2, rowsQuarantined: 0, rowsOutsideWindow: 1, rowsMerged: 1 });
    const before = await readAll(night, { from: '2026-11-26', to: '2026-11-26' });
    assert.equal(before.cdrs.length, 1);
    assert.equal(before.cdrs[0]!.lastapp, 'Dial');
  });
});
