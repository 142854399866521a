import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

test('quarantine: an unwritable file is reported on close, naming it', async (t) => {
  const dir = tempDir(t);
  const q = new QuarantineWriter(join(dir, 'missing-dir/q.jsonl'));
  q.write({ where: 'x', line: 1, reason: 'r', raw: 'raw' });
  await assert.rejects(q.close(), /cannot write quarantine file .*missing-dir\/q\.jsonl/);
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
