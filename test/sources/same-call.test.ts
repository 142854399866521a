// Two records of one call (cdr.conf unanswered=yes with a priority after Dial)
// are one attempt: the merge rule on its own, then on the real capture.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Cdr } from '../../src/sources/cdr.js';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { mergeRecords, SameCallRows } from '../../src/sources/same-call.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { FIXTURES, readAll } from './helpers.js';

const UNANSWERED = join(FIXTURES, 'asterisk-22.7-unanswered/Master.csv');

function cdr(p: Partial<Cdr> & { uniqueid: string }): Cdr {
  return {
    accountcode: '', src: '1003', dst: '0118827654320', dcontext: 'outbound', clid: '"Carol" <1003>', channel: 'IAX2/1003-10138',
    dstchannel: 'IAX2/carrier-7930', lastapp: 'Dial', lastdata: 'IAX2/carrier/0118827654320,30', start: 1000, answer: null, end: 1000,
    duration: 0, billsec: 0, disposition: 'BUSY', amaflags: 'DOCUMENTATION', userfield: '', linkedid: '', origin: 'Master.csv:1', ...p,
  };
}
const after = (p: Partial<Cdr> & { uniqueid: string }) => cdr({ dstchannel: '', lastapp: 'Hangup', lastdata: '', origin: 'Master.csv:2', ...p });

function run(rows: Cdr[], capacity?: number): { out: Cdr[]; merged: number } {
  const out: Cdr[] = [];
  let merged = 0;
  const calls = new SameCallRows<null>((c) => out.push(c), () => merged++, capacity);
  for (const r of rows) calls.push(r, null);
  calls.flush();
  return { out, merged };
}

test('the Dial record and the record written after Dial returned are one call; the Dial record is kept', () => {
  const { out, merged } = run([cdr({ uniqueid: '1.85' }), after({ uniqueid: '1.85' })]);
  assert.equal(merged, 1);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.dstchannel, 'IAX2/carrier-7930');
  assert.equal(out[0]!.lastdata, 'IAX2/carrier/0118827654320,30');
  assert.equal(out[0]!.origin, 'Master.csv:1');
  // Whichever comes first (a table read in another order).
  assert.equal(run([after({ uniqueid: '1.85' }), cdr({ uniqueid: '1.85' })]).out[0]!.origin, 'Master.csv:1');
});

test("the other record's disposition is kept only when it says more; its own answer never is", () => {
  const busy = run([cdr({ uniqueid: '1', disposition: 'NO ANSWER' }), after({ uniqueid: '1', disposition: 'BUSY' })]).out[0]!;
  assert.equal(busy.disposition, 'BUSY');
  // The PBX answering its own channel to play "number unavailable" is not the call being answered.
  const played = run([cdr({ uniqueid: '2', disposition: 'NO ANSWER' }), after({ uniqueid: '2', lastapp: 'Playback', disposition: 'ANSWERED', answer: 3000, end: 9000, billsec: 6, duration: 8 })]).out[0]!;
  assert.equal(played.disposition, 'NO ANSWER');
  assert.equal(played.billsec, 0);
  assert.equal(played.answer, null);
});

test('two records that each reached a far end are two calls; other channels and linkedids are never merged', () => {
  // A second trunk tried after the first was congested: both may have cost money.
  const failover = run([cdr({ uniqueid: '3', disposition: 'CONGESTION' }), cdr({ uniqueid: '3', dstchannel: 'IAX2/backup-1', disposition: 'ANSWERED', billsec: 60, duration: 62 })]);
  assert.equal(failover.out.length, 2);
  assert.equal(failover.merged, 0);
  assert.equal(run([cdr({ uniqueid: '4' }), after({ uniqueid: '4', channel: 'IAX2/1004-1' })]).out.length, 2);
  assert.equal(run([cdr({ uniqueid: '5', linkedid: 'a' }), after({ uniqueid: '5', linkedid: 'b' })]).out.length, 2);
  // No uniqueid (cdr_csv without loguniqueid): nothing to tell calls by.
  assert.equal(run([cdr({ uniqueid: '' }), after({ uniqueid: '' })]).out.length, 2);
});

test('rows keep their order; memory is a bounded window of rows', () => {
  const rows = [cdr({ uniqueid: 'a', origin: 'm:1' }), cdr({ uniqueid: 'b', origin: 'm:2' }), after({ uniqueid: 'a', origin: 'm:3' }), cdr({ uniqueid: 'c', origin: 'm:4' })];
  assert.deepEqual(run(rows).out.map((c) => c.origin), ['m:1', 'm:2', 'm:4']);
  // Farther apart than the window: counted as two (documented), never held forever.
  const apart = [cdr({ uniqueid: 'x' }), ...Array.from({ length: 5 }, (_, i) => cdr({ uniqueid: `y${i}` })), after({ uniqueid: 'x' })];
  assert.equal(run(apart, 4).out.length, 7);
  assert.equal(run(apart, 8).out.length, 6);
  const released: Cdr[] = [];
  const calls = new SameCallRows<null>((c) => released.push(c), () => {}, 4);
  for (let i = 0; i < 100; i++) calls.push(cdr({ uniqueid: `u${i}` }), null);
  assert.equal(released.length, 96, 'all but the last 4 rows are out before the end');
});

test('mergeRecords: a bare record merges with a bare one (a Dial that never got a channel)', () => {
  const m = mergeRecords(cdr({ uniqueid: '6', dstchannel: '', disposition: 'FAILED' }), after({ uniqueid: '6', disposition: 'NO ANSWER' }))!;
  assert.equal(m.lastapp, 'Dial');
  assert.equal(m.disposition, 'FAILED');
});

test('real Asterisk 22.7 capture with unanswered=yes: 147 rows, 7 calls written twice, each read once', async () => {
  const source = createCsvSource({ paths: [UNANSWERED], clock: new PbxClock('UTC') });
  const { cdrs, bad } = await readAll(source);
  assert.deepEqual(bad, []);
  assert.equal(cdrs.length, 140);
  assert.deepEqual(source.stats, { rowsRead: 147, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 7 });
  const carol = cdrs.filter((c) => c.uniqueid === '1795749498.85');
  assert.equal(carol.length, 1);
  assert.equal(carol[0]!.origin, 'Master.csv:51');
  assert.equal(carol[0]!.dstchannel, 'IAX2/carrier-7930');
  assert.equal(carol[0]!.disposition, 'BUSY');
  const ids = cdrs.map((c) => `${c.channel} ${c.uniqueid}`);
  assert.equal(new Set(ids).size, ids.length, 'no call twice');
});
