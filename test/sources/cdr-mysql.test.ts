// The MySQL/MariaDB CDR source against a real server: FreePBX's table holding
// the same calls as Master.csv, the plain start/answer/end layout, timestamp
// columns, a column map, hostile names, failures (server down, access denied,
// unknown database/table/column, no SELECT), bad rows, streaming, and
// incremental reads with long calls written late.
import assert from 'node:assert/strict';
import { SAME_CALL_WINDOW } from '../../src/sources/same-call.js';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { createMysqlSource, type MysqlSourceOptions } from '../../src/sources/cdr-mysql.js';
import { type BadRow, type Cdr, type CdrSource, type DayRange, InputError } from '../../src/sources/cdr.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { freepbxCdrDdl, freepbxRowsFromMasterCsv, insertFreepbxRows } from '../helpers/freepbx.js';
import { createTestDatabase, execMysql, MY, mysqlUrl, type TestDatabase } from '../helpers/mysql.js';

const MASTER = fileURLToPath(new URL('../fixtures/asterisk-22.7/Master.csv', import.meta.url));
const DAY: DayRange = { from: '2026-11-26', to: '2026-11-26' };
const clock = new PbxClock('America/New_York');

async function readAll(source: CdrSource, days: DayRange = DAY): Promise<{ cdrs: Cdr[]; bad: BadRow[]; batches: number }> {
  const cdrs: Cdr[] = [];
  const bad: BadRow[] = [];
  let batches = 0;
  for await (const batch of source.read({ days, onBadRow: (row) => bad.push(row) })) {
    cdrs.push(...batch);
    batches++;
  }
  return { cdrs, bad, batches };
}

const byId = (a: Cdr, b: Cdr) => a.uniqueid.localeCompare(b.uniqueid);
/** What Master.csv and a FreePBX table agree on: end and answer come from calldate + duration there (whole seconds). */
const fromCalldate = (cdrs: Cdr[]) =>
  cdrs.map(({ origin: _o, linkedid: _l, ...c }) => {
    const end = c.start + c.duration * 1000;
    return { ...c, end, answer: c.billsec > 0 ? end - c.billsec * 1000 : null };
  }).sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));
const plain = (cdrs: Cdr[]) => cdrs.map(({ origin: _o, linkedid: _l, did: _d, cnum: _c, ...c }) => c).sort((a, b) => a.uniqueid.localeCompare(b.uniqueid));

describe('MySQL CDR source', () => {
  let db: TestDatabase;
  let csv: Cdr[];
  const source = (o: Partial<MysqlSourceOptions> = {}) => createMysqlSource({ url: db.url, clock, batchSize: 7, ...o });
  const sql = (text: string, params: unknown[] = []) => execMysql(text, params, db.name);

  before(async () => {
    db = await createTestDatabase();
    await sql(freepbxCdrDdl('cdr'));
    await insertFreepbxRows(db.name, 'cdr', freepbxRowsFromMasterCsv(MASTER));
    csv = (await readAll(createCsvSource({ paths: [MASTER], clock }))).cdrs;
  });
  after(async () => {
    await db?.drop();
  });

  it("reads FreePBX's table as the CSV source reads Master.csv", async () => {
    const my = source();
    const got = await readAll(my);
    assert.equal(got.bad.length, 0);
    assert.equal(got.cdrs.length, 29);
    assert.ok(got.batches > 1, 'rows arrive in batches');
    assert.deepEqual(plain(got.cdrs), fromCalldate(csv).map(({ did: _d, cnum: _c, ...c }) => c));
    assert.deepEqual(my.stats, { rowsRead: 29, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 });
    const carol = got.cdrs.find((c) => c.uniqueid === '1795674912.76')!;
    assert.equal(carol.answer, null, "FreePBX's empty answer is no answer");
    assert.equal(carol.dstchannel, '');
    assert.equal(carol.accountcode, 'sales');
    assert.equal(carol.amaflags, 'DOCUMENTATION', 'amaflags 3');
    assert.equal(carol.did, '', 'did and cnum are read where the table has them');
    assert.equal(carol.cnum, '');
    assert.equal(carol.start, Date.parse('2026-11-26T11:35:12Z'), 'calldate is PBX local time, whatever the server zone');
  });

  it('reads only the days asked for, in the PBX zone', async () => {
    assert.equal((await readAll(source(), { from: '2026-11-27', to: '2026-11-30' })).cdrs.length, 0);
    // The same naive stamps on a PBX in Tokyo are still 2026-11-26 there.
    assert.equal((await readAll(source({ clock: new PbxClock('Asia/Tokyo') }))).cdrs.length, 29);
  });

  it('reads did and cnum, and FreePBX tables without linkedid and sequence', async () => {
    await sql(freepbxCdrDdl('cdr_old', { withoutLinkedid: true }));
    await insertFreepbxRows(db.name, 'cdr_old', [
      { calldate: '2026-11-26 09:00:00', channel: 'Local/101@from-queue-00000001;2', dst: '011442071234567', dcontext: 'from-internal', lastapp: 'Dial', lastdata: 'SIP/carrier/011442071234567', duration: 30, billsec: 20, disposition: 'ANSWERED', uniqueid: '1700000000.1', did: '2125550104', cnum: '101', amaflags: 3 },
    ], { withoutLinkedid: true });
    const { cdrs, bad } = await readAll(source({ table: 'cdr_old' }));
    assert.deepEqual(bad, []);
    assert.equal(cdrs.length, 1);
    assert.equal(cdrs[0]!.did, '2125550104');
    assert.equal(cdrs[0]!.cnum, '101');
    assert.equal(cdrs[0]!.linkedid, '');
    assert.equal(cdrs[0]!.end - cdrs[0]!.start, 30_000);
    assert.equal(cdrs[0]!.end - cdrs[0]!.answer!, 20_000, 'answer = end - billsec');
  });

  it('reads the plain start/answer/end layout exactly as Master.csv', async () => {
    await sql(`CREATE TABLE cdr_odbc (accountcode varchar(80), src varchar(80), dst varchar(80), dcontext varchar(80), clid varchar(80),
      channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80), start datetime, answer datetime NULL, end datetime,
      duration int, billsec int, disposition varchar(45), amaflags varchar(45), uniqueid varchar(150), userfield varchar(255), linkedid varchar(150), sequence int)`);
    for (const c of csv) {
      const at = (ms: number | null) => (ms === null ? null : clock.iso(ms).slice(0, 19).replace('T', ' '));
      await sql('INSERT INTO cdr_odbc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [c.accountcode, c.src, c.dst, c.dcontext, c.clid, c.channel, c.dstchannel || null, c.lastapp, c.lastdata, at(c.start), at(c.answer), at(c.end), c.duration, c.billsec, c.disposition, c.amaflags, c.uniqueid, c.userfield, c.uniqueid, 1]);
    }
    const got = await readAll(source({ table: 'cdr_odbc' }));
    assert.equal(got.bad.length, 0);
    assert.deepEqual(plain(got.cdrs), plain(csv));
  });

  it('reads timestamp columns as instants, whatever zone they were written in', async () => {
    await sql(`CREATE TABLE cdr_ts (calldate timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, channel varchar(80) NOT NULL DEFAULT '', dst varchar(80) NOT NULL DEFAULT '',
      duration int NOT NULL DEFAULT 0, billsec int NOT NULL DEFAULT 0, disposition varchar(45) NOT NULL DEFAULT '', uniqueid varchar(32) NOT NULL DEFAULT '')`);
    await sql(`SET time_zone = '+09:00'; INSERT INTO cdr_ts VALUES ('2026-11-26 20:35:12', 'IAX2/1003-5616', '447911123457', 10, 5, 'ANSWERED', 'x.1')`);
    const { cdrs } = await readAll(source({ table: 'cdr_ts' }));
    assert.equal(cdrs.length, 1);
    assert.equal(cdrs[0]!.start, Date.parse('2026-11-26T11:35:12Z'));
  });

  it('follows a column map for columns named differently', async () => {
    await sql('CREATE TABLE cdr_renamed AS SELECT * FROM cdr');
    await sql('ALTER TABLE cdr_renamed CHANGE calldate call_start datetime, CHANGE channel chan varchar(80), CHANGE dst Dialled varchar(80)');
    await assert.rejects(readAll(source({ table: 'cdr_renamed' })), (e: Error) => e instanceof InputError && /no start or calldate column/.test(e.message) && /CDR_COLUMN_MAP/.test(e.message));
    const mapped = await readAll(source({ table: 'cdr_renamed', columns: { start: 'call_start', channel: 'chan', dst: 'Dialled' } }));
    assert.deepEqual(plain(mapped.cdrs), plain((await readAll(source())).cdrs));
    await assert.rejects(readAll(source({ table: 'cdr_renamed', columns: { start: 'call_start', channel: 'chan', dst: 'dialled' } })), /column map sends dst to column "dialled", which does not exist/);
  });

  it('rejects hostile table and column names before any SQL runs', async () => {
    assert.throws(() => source({ table: 'cdr; DROP TABLE cdr_ts' }), InputError);
    assert.throws(() => source({ table: '`quoted`' }), InputError);
    assert.throws(() => source({ table: 'a.b.c' }), InputError);
    await assert.rejects(readAll(source({ columns: { start: 'calldate`; DROP TABLE cdr_ts; --' } })), InputError);
    const still = (await sql("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cdr_ts'")) as { n: number }[];
    assert.equal(Number(still[0]!.n), 1);
  });

  const failure = async (o: Partial<MysqlSourceOptions>) => {
    const err = await readAll(source(o)).catch((e: unknown) => e);
    assert.ok(err instanceof InputError, String(err));
    return err.message;
  };

  it('says clearly when the server is down, without the password', async () => {
    const m = await failure({ url: `mysql://root:s3cret-pw@${MY.host}:1/${db.name}` });
    assert.match(m, /cannot connect: connection refused/);
    assert.match(m, /mysql:\/\/root:\*\*\*\*\*\*\*\*@/);
    assert.doesNotMatch(m, /s3cret/);
  });

  it('says clearly when access is denied, the database or table is unknown, or a column is missing', async () => {
    const denied = await failure({ url: mysqlUrl(db.name, { user: 'root', password: 'wr0ng-pw' }) });
    assert.match(denied, /cannot connect: access denied .*Access denied for user 'root'/);
    assert.doesNotMatch(denied, /wr0ng-pw/);
    assert.match(await failure({ url: mysqlUrl(`${db.name}_nope`) }), /unknown database.*Unknown database/);
    assert.match(await failure({ table: 'nope' }), /table does not exist.*CDR_TABLE/);
    assert.match(await failure({ table: `${db.name}_nope.cdr` }), /Unknown database|doesn't exist/);
    await sql('CREATE TABLE cdr_nochan AS SELECT calldate, dst, duration, billsec, disposition FROM cdr');
    assert.match(await failure({ table: 'cdr_nochan' }), /CDR table cdr_nochan has no channel column/);
  });

  it('says clearly when the user may not SELECT from the table', async () => {
    const user = `tg_${db.name.slice(-8)}`;
    await execMysql(`DROP USER IF EXISTS '${user}'@'%'; CREATE USER '${user}'@'%' IDENTIFIED BY 'ro-pw-1'; GRANT SELECT ON \`${db.name}\`.cdr_ts TO '${user}'@'%'`);
    try {
      const m = await failure({ url: mysqlUrl(db.name, { user, password: 'ro-pw-1' }) });
      assert.match(m, /permission denied: the user may not SELECT from the table \(GRANT SELECT ON asteriskcdrdb\.cdr/);
      assert.match(m, /SELECT command denied/);
      assert.doesNotMatch(m, /ro-pw-1/);
      // With the grant, the same user reads the table.
      await execMysql(`GRANT SELECT ON \`${db.name}\`.cdr TO '${user}'@'%'`);
      assert.equal((await readAll(source({ url: mysqlUrl(db.name, { user, password: 'ro-pw-1' }) }))).cdrs.length, 29);
      const none = `${user}x`;
      await execMysql(`DROP USER IF EXISTS '${none}'@'%'; CREATE USER '${none}'@'%' IDENTIFIED BY 'ro-pw-2'`);
      assert.match(await failure({ url: mysqlUrl(db.name, { user: none, password: 'ro-pw-2' }) }), /access denied to the database/);
      await execMysql(`DROP USER '${none}'@'%'`);
    } finally {
      await execMysql(`DROP USER IF EXISTS '${user}'@'%'`);
    }
  });

  it('sets bad rows aside with the reason and counts them', async () => {
    await sql('CREATE TABLE cdr_bad AS SELECT * FROM cdr');
    await sql("UPDATE cdr_bad SET billsec = duration + 5 WHERE uniqueid = '1795674912.65'");
    await sql("UPDATE cdr_bad SET disposition = 'MAYBE' WHERE uniqueid = '1795674912.72'");
    await sql("UPDATE cdr_bad SET duration = -3 WHERE uniqueid = '1795674912.80'");
    const my = source({ table: 'cdr_bad' });
    const { cdrs, bad } = await readAll(my);
    assert.equal(cdrs.length, 26);
    assert.deepEqual(bad.map((b) => b.reason.replace(/ ".*/, '').replace(/ \d+.*/, '')).sort(), ['answer before start', 'duration', 'unknown disposition']);
    assert.ok(bad.every((b) => b.where === 'cdr_bad' && JSON.parse(b.raw).uniqueid));
    assert.deepEqual(my.stats, { rowsRead: 29, rowsQuarantined: 3, rowsOutsideWindow: 0, rowsMerged: 0 });
  });

  it("a busy or unanswered call written twice (unanswered=yes) is one call from FreePBX's table, as from Master.csv", async () => {
    const capture = fileURLToPath(new URL('../fixtures/asterisk-22.7-unanswered/Master.csv', import.meta.url));
    await sql(freepbxCdrDdl('cdr_twice'));
    await insertFreepbxRows(db.name, 'cdr_twice', freepbxRowsFromMasterCsv(capture));
    const day = { from: '2026-11-27', to: '2026-11-27' };
    const utc = new PbxClock('UTC');
    const fromCsv = (await readAll(createCsvSource({ paths: [capture], clock: utc }), day)).cdrs;
    const my = createMysqlSource({ url: db.url, clock: utc, table: 'cdr_twice', batchSize: 7 });
    const fromMy = (await readAll(my, day)).cdrs;
    assert.equal(my.stats.rowsRead, 147);
    assert.ok(my.stats.rowsMerged > 0, 'some calls were written twice');
    const ids = (cdrs: Cdr[]) => cdrs.map((c) => `${c.uniqueid} ${c.lastapp} ${c.disposition}`).sort();
    assert.equal(fromMy.length, fromCsv.length);
    assert.deepEqual(ids(fromMy), ids(fromCsv));
  });

  it('streams: a large table arrives batch by batch, and stopping early closes the query', async () => {
    await sql(freepbxCdrDdl('cdr_big'));
    const rows = Array.from({ length: 5000 }, (_, i) => ({ calldate: `2026-11-26 ${String(8 + Math.floor(i / 600)).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}:00`, channel: `SIP/${1000 + (i % 50)}-0000${i}`, dst: '2125550100', duration: 10, billsec: 5, disposition: 'ANSWERED', uniqueid: `big.${i}`, sequence: i }));
    await insertFreepbxRows(db.name, 'cdr_big', rows);
    const big = source({ table: 'cdr_big', batchSize: 500 });
    let batches = 0;
    for await (const batch of big.read({ days: DAY, onBadRow: () => assert.fail('no bad rows') })) {
      assert.ok(batch.length <= 500);
      if (++batches === 3) break;
    }
    // The rows taken, and the rows held back to find their calls' second records (same-call.ts).
    assert.equal(big.stats.rowsRead, 1500 + SAME_CALL_WINDOW, 'only the batches taken were converted');
    const all = await readAll(source({ table: 'cdr_big', batchSize: 500 }));
    assert.equal(all.cdrs.length, 5000);
    assert.equal(all.batches, 10);
  });

  describe('incremental reads on FreePBX\'s table (calldate is the start, rows are written at the end)', () => {
    const call = (uid: string, start: string, seconds: number, sequence?: number) => ({
      calldate: start, channel: 'PJSIP/101-00000001', dst: '011442071234567', dcontext: 'from-internal', lastapp: 'Dial', lastdata: 'PJSIP/011442071234567@carrier',
      duration: seconds, billsec: seconds, disposition: 'ANSWERED', uniqueid: uid, ...(sequence === undefined ? {} : { sequence }),
    });
    const ids = (cdrs: Cdr[]) => cdrs.map((c) => c.uniqueid).sort();

    for (const variant of [
      { name: 'uniqueid + sequence', ddl: {}, keys: 'sequence' },
      { name: 'no linkedid or sequence (a hash of the row)', ddl: { withoutLinkedid: true }, keys: 'hash' },
      { name: 'an auto-increment id', ddl: { autoIncrement: true }, keys: 'id' },
    ] as const) {
      it(`reads each row once, long calls written late included: ${variant.name}`, async () => {
        const table = `cdr_live_${variant.keys}`;
        await sql(freepbxCdrDdl(table, variant.ddl));
        let seq = 0;
        const add = (uid: string, start: string, seconds: number) => insertFreepbxRows(db.name, table, [call(uid, start, seconds, variant.keys === 'hash' ? undefined : ++seq)], variant.ddl);
        const live = (since: string | null) => source({ table, since });

        await add('a', '2026-11-26 10:00:00', 300);
        await add('b', '2026-11-26 10:10:00', 60);
        await add('yesterday', '2026-11-25 23:00:00', 60);
        const first = live(null);
        assert.deepEqual(ids((await readAll(first)).cdrs), ['a', 'b']);
        const p1 = first.position()!;
        assert.equal(JSON.parse(p1).mark, '2026-11-26 10:11:00', 'the mark is the latest end: calldate + duration');

        // Written after the first read: a two-hour call that began at 09:00 (its calldate is far
        // before the mark), a short call that ended before the mark but was written late, a new call.
        await add('long', '2026-11-26 09:00:00', 7200);
        await add('late', '2026-11-26 10:03:00', 60);
        await add('c', '2026-11-26 10:20:00', 60);
        const second = live(p1);
        assert.deepEqual(ids((await readAll(second)).cdrs), ['c', 'late', 'long']);
        assert.equal(second.rowsAlreadySeen, 2, 'a and b were read before');
        const p2 = second.position()!;

        const third = live(p2);
        assert.deepEqual((await readAll(third)).cdrs, []);
        assert.equal(third.position(), p2, 'nothing new: the position stays');

        // A second row of the same uniqueid (unanswered=yes writes two for a busy call) is another row.
        await add('c', '2026-11-26 10:20:00', 61);
        const fourth = live(p2);
        assert.deepEqual(ids((await readAll(fourth)).cdrs), ['c']);
      });
    }
  });
});
