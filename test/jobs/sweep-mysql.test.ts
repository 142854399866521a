// The sweep on FreePBX's MySQL table (real MariaDB): rows carry the call's
// start in calldate but are written when the call ends, so a long call arrives
// long after sweeps have moved past its start. Every sweep counts each row
// once, and a call that began before midnight and was written after it still
// lands in yesterday's profile.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig, type Config } from '../../src/config/load.js';
import { runSweep } from '../../src/pipeline/sweep.js';
import { openStore } from '../../src/store/open.js';
import type { StateStore } from '../../src/store/store.js';
import { freepbxCdrDdl, insertFreepbxRows } from '../helpers/freepbx.js';
import { createTestDatabase, execMysql, type TestDatabase } from '../helpers/mysql.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-sweep-mysql-'));
let db: TestDatabase;
let config: Config;
let store: StateStore;
let seq = 0;

/** Extension 101's call to London, written (inserted) when it ends, as cdr_adaptive_odbc does. */
const write = (uid: string, start: string, seconds: number) =>
  insertFreepbxRows(db.name, 'cdr', [{
    calldate: start, channel: 'PJSIP/101-00000001', dst: '011442071234567', dcontext: 'from-internal', lastapp: 'Dial', lastdata: 'PJSIP/011442071234567@carrier',
    duration: seconds, billsec: seconds, disposition: 'ANSWERED', uniqueid: uid, cnum: '101', sequence: ++seq,
  }]);
const sweep = (localTime: string) => runSweep({ config, store, now: new Date(`${localTime}-05:00`), quarantinePath: join(dir, 'q.jsonl'), mail: false });
const calls = async (day: string) => (await store.loadProfiles({ from: day, to: day }, '101'))[0]?.outboundCalls ?? 0;

before(async () => {
  db = await createTestDatabase();
  await execMysql(freepbxCdrDdl('cdr'), [], db.name);
  config = loadConfig({ env: { PBX_TIMEZONE: 'America/New_York', TRUNKS: 'carrier', CDR_SOURCE: 'mysql', CDR_DATABASE_URL: db.url, TOLLGUARD_STATE: join(dir, 'state.db') } });
  store = await openStore(config.store);
});
after(async () => {
  await store?.close();
  await db?.drop();
});

test('a long call written after later sweeps is counted once', async () => {
  await write('a', '2026-11-26 10:00:00', 300);
  await sweep('2026-11-26T10:10:00');
  assert.equal(await calls('2026-11-26'), 1);
  // 09:00-11:00 is written at 11:00, after the 10:10 sweep moved past 09:00.
  await write('long', '2026-11-26 09:00:00', 7200);
  await sweep('2026-11-26T11:10:00');
  assert.equal(await calls('2026-11-26'), 2);
  await sweep('2026-11-26T11:20:00');
  assert.equal(await calls('2026-11-26'), 2, 'not again on the next sweep');
});

test('a call across midnight, written after the first sweep of the new day, lands in yesterday once', async () => {
  await write('evening', '2026-11-26 22:00:00', 60);
  await sweep('2026-11-26T23:50:00');
  assert.equal(await calls('2026-11-26'), 3);
  await sweep('2026-11-27T00:10:00'); // the first sweep after midnight finishes yesterday
  assert.equal(await calls('2026-11-26'), 3);
  await write('midnight', '2026-11-26 23:30:00', 70 * 60); // ends and is written at 00:40
  await sweep('2026-11-27T00:50:00');
  assert.equal(await calls('2026-11-26'), 4, 'the 23:30 call is in yesterday');
  assert.equal(await calls('2026-11-27'), 0, 'and not in today');
  await sweep('2026-11-27T01:00:00');
  assert.equal(await calls('2026-11-26'), 4, 'once');
});
