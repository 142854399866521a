import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentHashes } from '../../src/sources/recent-hashes.js';

test('recent hashes: every hash added is known until newer ones push it out; memory is fixed', () => {
  const set = new RecentHashes(16);
  assert.equal(set.add(0, 0), true, 'the all-zero hash is a hash like any other');
  assert.equal(set.add(0, 0), false);
  assert.equal(set.has(0, 0), true);
  for (let i = 2; i < 8; i++) assert.equal(set.add(7, i), true);
  for (let i = 2; i < 8; i++) assert.equal(set.has(7, i), true);
  // Thousands more: the last capacity/2 are always known, the first are forgotten.
  for (let i = 0; i < 5000; i++) set.add(i * 2654435761 >>> 0, i);
  for (let i = 5000 - 8; i < 5000; i++) assert.equal(set.has(i * 2654435761 >>> 0, i), true, `recent ${i}`);
  assert.equal(set.has(7, 2), false);
  assert.throws(() => new RecentHashes(12), /power of two/);
});
