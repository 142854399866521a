import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { QuarantineWriter } from '../../src/sources/quarantine.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { ALL_DAYS, FIXTURES, tempDir } from './helpers.js';

test('quarantine: JSON lines of the bad rows, file created only when needed, each row recorded once across runs', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'quarantine.jsonl');
  const clock = new PbxClock('UTC');

  const clean = new QuarantineWriter(path);
  for await (const _ of createCsvSource({ paths: [join(FIXTURES, 'asterisk-22.7/Master.csv')], clock }).read({ days: ALL_DAYS, onBadRow: clean.write })) void _;
  await clean.close();
  assert.equal(clean.count, 0);
  assert.equal(existsSync(path), false, 'no bad row, no file');

  const malformed = join(FIXTURES, 'malformed/Master.csv');
  for (let run = 1; run <= 2; run++) {
    const q = new QuarantineWriter(path);
    const source = createCsvSource({ paths: [malformed], clock });
    for await (const _ of source.read({ days: ALL_DAYS, onBadRow: q.write })) void _;
    await q.close();
    assert.equal(q.count, source.stats.rowsQuarantined);
    const rows = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // Each run re-reads the same rows (a report's lookback): counted every time, recorded once.
    assert.equal(rows.length, q.count, 'recorded once, not appended again');
    assert.deepEqual(Object.keys(rows[0]!), ['where', 'line', 'reason', 'raw']);
    assert.deepEqual(rows.find((r) => r.line === 12), {
      where: malformed,
      line: 12,
      reason: 'embedded NUL byte',
      raw: readFileSync(malformed, 'utf8').split('\n')[11],
    });
  }
});

test('quarantine: an unwritable file or a full disk is a problem named on close, not a failed run', async (t) => {
  const dir = tempDir(t);
  for (const path of [join(dir, 'missing-dir/q.jsonl'), '/dev/full']) {
    const q = new QuarantineWriter(path);
    for (let line = 1; line <= 3; line++) q.write({ where: 'x', line, reason: 'r', raw: 'raw' });
    assert.equal(q.recordedIn(), null, 'nothing to point the report at');
    await q.close();
    assert.equal(q.count, 3);
    assert.match(q.problem ?? '', new RegExp(`cannot write quarantine file ${path.replace(/[/.]/g, '\\$&')}: (ENOENT|ENOSPC).*3 bad row\\(s\\) were counted, 3 of them not recorded`));
  }
  const fine = new QuarantineWriter(join(dir, 'q.jsonl'));
  fine.write({ where: 'x', line: 1, reason: 'r', raw: 'raw' });
  assert.equal(fine.recordedIn(), join(dir, 'q.jsonl'));
  await fine.close();
  assert.equal(fine.problem, null);
});

test('quarantine: a file over 512 MiB is not read whole; its last lines are still known', async (t) => {
  const path = join(tempDir(t), 'q.jsonl');
  // 600 MiB of an earlier, runaway quarantine (sparse: no disk used), then this week's rows.
  writeFileSync(path, '');
  truncateSync(path, 600 * 1024 * 1024);
  appendFileSync(path, '\n');
  const row = (line: number) => ({ where: '/var/log/asterisk/cdr-csv/Master.csv', line, reason: 'end before start', raw: `"x","${line}"` });
  const first = new QuarantineWriter(path);
  first.write(row(7));
  await first.close();
  assert.equal(first.problem, null);
  const second = new QuarantineWriter(path);
  second.write(row(7));
  second.write(row(9));
  await second.close();
  assert.equal(second.problem, null);
  const tail = readFileSync(path).subarray(600 * 1024 * 1024 + 1).toString('utf8');
  assert.deepEqual(tail.trimEnd().split('\n').map((l) => JSON.parse(l).line), [7, 9]);
});

test('quarantine: only the recent lines are remembered, in fixed memory; those a rerun reads again are not appended again', async (t) => {
  const path = join(tempDir(t), 'q.jsonl');
  const row = (line: number) => ({ where: 'Master.csv', line, reason: 'bad', raw: `row ${line}` });
  const first = new QuarantineWriter(path, { remember: 64 });
  for (let line = 1; line <= 1000; line++) first.write(row(line));
  await first.close();
  // A small tail read: the hashes of only the last lines are taken from the file.
  const rerun = new QuarantineWriter(path, { remember: 64, tailBytes: 2000 });
  for (let line = 990; line <= 1000; line++) rerun.write(row(line));
  rerun.write(row(1001));
  await rerun.close();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).line);
  assert.equal(lines.length, 1001);
  assert.deepEqual(lines.slice(-2), [1000, 1001]);
});

test('quarantine: a new bad row is appended after the ones earlier runs recorded', async (t) => {
  const path = join(tempDir(t), 'q.jsonl');
  const row = (line: number) => ({ where: '/var/log/asterisk/cdr-csv/Master.csv', line, reason: 'end before start', raw: `"x","${line}"` });
  const first = new QuarantineWriter(path);
  first.write(row(7));
  await first.close();
  const second = new QuarantineWriter(path);
  second.write(row(7));
  second.write(row(9));
  await second.close();
  assert.equal(second.count, 2, 'both counted in this run');
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).line);
  assert.deepEqual(lines, [7, 9]);
});

test('quarantine: a flood of bad rows records at most so many per run, says so, and the next run goes on from there', async (t) => {
  const path = join(tempDir(t), 'q.jsonl');
  const row = (line: number) => ({ where: 'Master.csv', line, reason: 'bad', raw: `row ${line}` });
  for (const [run, expected] of [[1, 40], [2, 80], [3, 100]] as const) {
    const q = new QuarantineWriter(path, { recordAtMost: 40 });
    for (let line = 1; line <= 100; line++) q.write(row(line));
    await q.close();
    assert.equal(q.count, 100, `run ${run}: every row counted`);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).line);
    assert.deepEqual(lines, Array.from({ length: expected }, (_, i) => i + 1), `run ${run}: each row recorded once, in order`);
    if (run < 3) assert.match(q.problem ?? '', new RegExp(`${100 - expected} more new bad row\\(s\\) were counted but not recorded in .*q\\.jsonl: a run records at most 40`));
    else assert.equal(q.problem, null);
  }
});
