// --source csv|postgres|mysql on every command that reads CDRs: the same calls
// from FreePBX's MySQL table, from cdr_pgsql's table and from Master.csv give the
// same report; a bad --source is a usage error; a database that cannot be read
// exits 3 naming what is wrong, without the password.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { freepbxCdrDdl, freepbxRowsFromMasterCsv, insertFreepbxRows } from '../helpers/freepbx.js';
import { createTestDatabase as createMysqlDatabase, execMysql, MY, type TestDatabase } from '../helpers/mysql.js';
import { createTestDatabase as createPgDatabase, loadPgDump, type TestDatabase as PgDatabase } from '../helpers/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-source-'));
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];
let my: TestDatabase;
let pg: PgDatabase;
const env = (extra: Record<string, string> = {}) => ({ TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, `${Math.random()}.db`), CDR_QUARANTINE_FILE: join(dir, 'q.jsonl'), ...extra });

before(async () => {
  my = await createMysqlDatabase();
  await execMysql(freepbxCdrDdl('cdr'), [], my.name);
  await insertFreepbxRows(my.name, 'cdr', freepbxRowsFromMasterCsv(fixture('Master.csv')));
  pg = await createPgDatabase();
  await loadPgDump(pg.url, fixture('cdr_pgsql_dump.sql'));
});
after(async () => {
  await my?.drop();
  await pg?.drop();
});

async function reportJson(args: string[], e: Record<string, string>) {
  const out = join(dir, `r${Math.random()}.json`);
  const r = await runCli(['report', ...args, ...window, '--format', 'json', '--out', out], { env: env(e), cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  // Where each call came from (Master.csv:17, cdr#uniqueid/sequence) is all that may differ.
  const withoutOrigin = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'origin' ? undefined : x)));
  return {
    profiles: withoutOrigin(report.profiles),
    findings: report.findings.map((f: Record<string, unknown>) => [f.extension, f.day, f.rule, f.severity, f.title]).sort(),
    rowsRead: report.summary.rowsRead,
  };
}

test('report --source mysql and --source postgres give the report --csv gives', async () => {
  const csv = await reportJson(['--csv', fixture('Master.csv')], {});
  const mysql = await reportJson(['--source', 'mysql'], { CDR_DATABASE_URL: my.url });
  const postgres = await reportJson(['--source', 'postgres'], { CDR_DATABASE_URL: pg.url });
  assert.equal(csv.rowsRead, 29);
  assert.ok(csv.findings.length > 0);
  assert.deepEqual(mysql, csv);
  assert.deepEqual(postgres, csv);
  // The flag overrides CDR_SOURCE.
  assert.deepEqual(await reportJson(['--source', 'mysql'], { CDR_SOURCE: 'csv', CDR_CSV: join(dir, 'none.csv'), CDR_DATABASE_URL: my.url }), csv);
});

test('run sweep and replay take --source mysql', async () => {
  const sweep = await runCli(['run', 'sweep', '--source', 'mysql', '--now', '2026-11-26T23:50:00Z'], { env: env({ CDR_DATABASE_URL: my.url }), cwd: dir });
  assert.notEqual(sweep.status, 2, sweep.stderr);
  assert.notEqual(sweep.status, 3, sweep.stderr);
  assert.match(sweep.stdout + sweep.stderr, /1001/, 'the sweep judged the MySQL rows');
  const replay = await runCli(['replay', '--source', 'mysql', ...window, '--format', 'json'], { env: env({ CDR_DATABASE_URL: my.url }), cwd: dir });
  assert.equal(replay.status, 0, replay.stderr);
  const events = JSON.parse(replay.stdout).events as { extension: string }[];
  assert.ok(events.some((e) => e.extension === '1001'), replay.stdout);
});

test('a bad --source, or --source with --csv, is a usage error on every command', async () => {
  for (const cmd of [['report'], ['run', 'sweep'], ['replay', ...window], ['daemon']]) {
    const bad = await runCli([...cmd, '--source', 'oracle'], { env: env(), cwd: dir });
    assert.equal(bad.status, 2, `${cmd.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, /--source takes csv, postgres, mysql, not "oracle"/);
  }
  const both = await runCli(['report', '--source', 'mysql', '--csv', fixture('Master.csv')], { env: env(), cwd: dir });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--csv reads Master.csv files, but --source is mysql/);
});

test('--source mysql without CDR_DATABASE_URL, or with a postgres:// URL, is a configuration error (exit 2) naming the flag', async () => {
  for (const cmd of [['report', ...window], ['run', 'sweep'], ['replay', ...window]]) {
    const none = await runCli([...cmd, '--source', 'mysql'], { env: env(), cwd: dir });
    assert.equal(none.status, 2, `${cmd.join(' ')}: ${none.stderr}`);
    assert.match(none.stderr, /--source mysql, which needs CDR_DATABASE_URL/);
    assert.doesNotMatch(none.stderr, /cannot read input/);
  }
  const other = await runCli(['report', '--source', 'mysql', ...window], { env: env({ CDR_DATABASE_URL: 'postgres://reader:t0p-s3cret@127.0.0.1:5432/asterisk' }), cwd: dir });
  assert.equal(other.status, 2, other.stderr);
  assert.match(other.stderr, /--source mysql but CDR_DATABASE_URL is a postgres URL: use --source postgres or give a mysql:\/\/ URL/);
  assert.doesNotMatch(other.stderr, /CDR_SOURCE is|t0p-s3cret/);
  const fromEnv = await runCli(['report', ...window], { env: env({ CDR_SOURCE: 'mysql', CDR_DATABASE_URL: 'postgres://reader@127.0.0.1:5432/asterisk' }), cwd: dir });
  assert.equal(fromEnv.status, 2, fromEnv.stderr);
  assert.match(fromEnv.stderr, /CDR_SOURCE is mysql but CDR_DATABASE_URL is a postgres URL: set CDR_SOURCE=postgres/);
});

test('a MySQL server that is down or refuses exits 3 naming what is wrong, without the password', async () => {
  const down = await runCli(['report', '--source', 'mysql', ...window], { env: env({ CDR_DATABASE_URL: `mysql://tollguard:t0p-s3cret@${MY.host}:1/asteriskcdrdb` }), cwd: dir });
  assert.equal(down.status, 3, down.stderr);
  assert.match(down.stderr, /connection refused/);
  assert.doesNotMatch(down.stderr + down.stdout, /t0p-s3cret/);
  const denied = await runCli(['report', '--source', 'mysql', ...window], { env: env({ CDR_DATABASE_URL: `mysql://root:t0p-s3cret@${MY.host}:${MY.port}/${my.name}` }), cwd: dir });
  assert.equal(denied.status, 3, denied.stderr);
  assert.match(denied.stderr, /access denied/);
  assert.doesNotMatch(denied.stderr + denied.stdout, /t0p-s3cret/);
  const table = await runCli(['report', '--source', 'mysql', ...window], { env: env({ CDR_DATABASE_URL: my.url, CDR_TABLE: 'cdr_missing' }), cwd: dir });
  assert.equal(table.status, 3, table.stderr);
  assert.match(table.stderr, /table does not exist/);
});

test("config check says whether the CDRs show FreePBX's contexts, against PBX_DIALPLAN", async () => {
  await execMysql(freepbxCdrDdl('cdr_fp'), [], my.name);
  const today = new Date().toISOString().slice(0, 10);
  await insertFreepbxRows(my.name, 'cdr_fp', [
    { calldate: `${today} 00:00:01`, channel: 'PJSIP/101-00000001', dst: '102', dcontext: 'ext-local', lastapp: 'Dial', lastdata: 'PJSIP/102,20', duration: 10, billsec: 5, disposition: 'ANSWERED', uniqueid: 'fp.1', cnum: '101' },
    { calldate: `${today} 00:00:02`, channel: 'PJSIP/101-00000002', dst: '0114420', dcontext: 'outrt-1', lastapp: 'Dial', lastdata: 'PJSIP/0114420@carrier', duration: 10, billsec: 5, disposition: 'ANSWERED', uniqueid: 'fp.2', cnum: '101' },
  ]);
  const base = { CDR_SOURCE: 'mysql', CDR_DATABASE_URL: my.url, CDR_TABLE: 'cdr_fp' };
  const plain = await runCli(['config', 'check'], { env: env(base), cwd: dir });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, /show FreePBX's contexts \(ext-local, outrt-1\): set PBX_DIALPLAN=freepbx/);
  const fp = await runCli(['config', 'check'], { env: env({ ...base, PBX_DIALPLAN: 'freepbx' }), cwd: dir });
  assert.match(fp.stderr, /PBX_DIALPLAN=freepbx; FreePBX's contexts are in the CDRs/);
  assert.match(fp.stdout, /"ext-local"/, 'the preset contexts are in force');
  const csv = await runCli(['config', 'check'], { env: env({ CDR_CSV: fixture('Master.csv'), PBX_DIALPLAN: 'freepbx' }), cwd: dir });
  assert.match(csv.stderr, /PBX_DIALPLAN=freepbx, but none of FreePBX's own contexts/);
});
