import assert from 'node:assert/strict';
import { appendFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCsvSource, type CsvFilePosition } from '../../src/sources/cdr-csv.js';
import { decideResume, type StoredPosition } from '../../src/sources/cdr-csv-resume.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { csvLine, readAll, tempDir } from './helpers.js';

const clock = new PbxClock('UTC');
const line = (uid: string): string => `${csvLine(18, { uid })}\n`;

/** A tiny state store: positions by path, as the scheduled sweep will keep them. */
function sweeper(paths: string[]) {
  const stored = new Map<string, CsvFilePosition>();
  const byIdentity = new Map<string, CsvFilePosition>();
  return {
    stored,
    async sweep(lookup: 'path' | 'identity' = 'path') {
      const source = createCsvSource({
        paths,
        clock,
        resume: (path, identity): StoredPosition | undefined => (lookup === 'path' ? stored.get(path) : byIdentity.get(identity)),
      });
      const result = await readAll(source);
      for (const p of source.positions()) {
        stored.set(p.source, p);
        byIdentity.set(p.identity, p);
      }
      return { ...result, source, uids: result.cdrs.map((c) => c.uniqueid), origins: result.cdrs.map((c) => c.origin) };
    },
  };
}

test('decideResume', () => {
  const stored = { identity: '1:2:abc', offset: 100, line: 5 };
  assert.deepEqual(decideResume(undefined, { identity: '1:2:abc', size: 50 }), { offset: 0, line: 1, reason: 'new' });
  assert.deepEqual(decideResume(stored, { identity: '1:2:abc', size: 100 }), { offset: 100, line: 5, reason: 'continue' });
  assert.deepEqual(decideResume(stored, { identity: '1:2:abc', size: 400 }), { offset: 100, line: 5, reason: 'continue' });
  assert.deepEqual(decideResume(stored, { identity: '1:2:abc', size: 99 }), { offset: 0, line: 1, reason: 'truncated' });
  assert.deepEqual(decideResume(stored, { identity: '1:3:abc', size: 400 }), { offset: 0, line: 1, reason: 'rotated' });
  assert.deepEqual(decideResume({ identity: 'x', offset: 10 }, { identity: 'x', size: 10 }), { offset: 10, line: 1, reason: 'continue' });
});

test('incremental reads continue where the last one ended, never consuming a half-written line', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, line('a') + line('b') + line('c'));
  const s = sweeper([path]);

  const first = await s.sweep();
  assert.deepEqual(first.uids, ['a', 'b', 'c']);
  const p1 = s.stored.get(path)!;
  assert.equal(p1.offset, statSync(path).size);
  assert.equal(p1.line, 4);
  assert.equal(p1.resumed, 'new');
  assert.match(p1.identity, /^\d+:\d+:[0-9a-f]{16}$/);

  const partial = line('e');
  appendFileSync(path, line('d') + partial.slice(0, 40));
  const second = await s.sweep();
  assert.deepEqual(second.uids, ['d']);
  assert.deepEqual(second.origins, ['Master.csv:4'], 'line numbers continue from the stored line');
  assert.equal(s.stored.get(path)!.resumed, 'continue');
  assert.equal(s.stored.get(path)!.offset, statSync(path).size - 40);
  assert.match(second.source.warnings[0]!, /no newline yet/);
  assert.deepEqual(second.bad, []);

  appendFileSync(path, partial.slice(40));
  const third = await s.sweep();
  assert.deepEqual(third.uids, ['e']);
  assert.deepEqual(third.origins, ['Master.csv:5']);
  assert.equal((await s.sweep()).uids.length, 0, 'nothing new, nothing read');
});

test('a record with a newline inside, half written, is left whole for the next read', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  const multi = `${csvLine(18, { uid: 'm' }).replace('"Dial"', '"Dial\nline two"')}\n`;
  const cut = multi.indexOf('line two') + 4;
  writeFileSync(path, line('a') + multi.slice(0, cut));
  const s = sweeper([path]);
  assert.deepEqual((await s.sweep()).uids, ['a']);
  assert.equal(s.stored.get(path)!.offset, line('a').length);
  appendFileSync(path, multi.slice(cut) + line('z'));
  const next = await s.sweep();
  assert.deepEqual(next.uids, ['m', 'z']);
  assert.deepEqual(next.origins, ['Master.csv:2', 'Master.csv:4']);
  assert.equal(next.cdrs[0]!.lastapp, 'Dial\nline two');
  assert.deepEqual(next.bad, []);
});

test('truncation in place (copytruncate) restarts at 0', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, line('a') + line('b') + line('c'));
  const s = sweeper([path]);
  await s.sweep();
  truncateSync(path, line('a').length); // same inode, same first line, shorter than the stored offset
  const after = await s.sweep();
  assert.equal(s.stored.get(path)!.resumed, 'truncated');
  assert.deepEqual(after.uids, ['a']);
  assert.deepEqual(after.origins, ['Master.csv:1']);
});

test('rotation by rename: the new Master.csv is read from 0, the renamed file is recognised by identity', async (t) => {
  const dir = tempDir(t);
  const live = join(dir, 'Master.csv');
  writeFileSync(live, line('a') + line('b'));
  const s = sweeper([join(dir, 'Master.csv*')]);
  assert.deepEqual((await s.sweep('identity')).uids, ['a', 'b']);
  appendFileSync(live, line('c'));
  renameSync(live, join(dir, 'Master.csv.1'));
  writeFileSync(live, line('d'));
  const after = await s.sweep('identity');
  assert.deepEqual(after.uids, ['c', 'd'], 'c from the renamed file after the stored offset, d from the new file');
  assert.equal(s.stored.get(join(dir, 'Master.csv.1'))!.resumed, 'continue');
  assert.equal(s.stored.get(live)!.resumed, 'new');

  // Looked up by path instead, a recreated Master.csv has another identity: rotated, read from 0.
  const byPath = sweeper([live]);
  await byPath.sweep();
  renameSync(live, join(dir, 'Master.csv.2'));
  writeFileSync(live, line('e'));
  const rotated = await byPath.sweep();
  assert.equal(byPath.stored.get(live)!.resumed, 'rotated');
  assert.deepEqual(rotated.uids, ['e']);
});
