// The keys calls are counted under: an extension's name, or a trunk's or a
// forward's key that no extension name can take.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionKey, forwardKey, isCallerKey, localForwardKey, recogniseTrunks, trunkCaller } from '../../src/enrichment/caller.js';

test('an endpoint named like a caller key is escaped, so it never shares a profile or lock with a trunk', () => {
  assert.equal(extensionKey('1001'), '1001');
  assert.equal(extensionKey('127.0.0.1:4569'), '127.0.0.1:4569');
  assert.equal(extensionKey('trunk:pstn-in@from-trunk'), 'ext:trunk:pstn-in@from-trunk');
  assert.equal(extensionKey('fwd:2125550104'), 'ext:fwd:2125550104');
  assert.equal(extensionKey('ext:trunk:x'), 'ext:ext:trunk:x');
  const { key, caller } = trunkCaller('pstn-in', 'from-trunk');
  assert.equal(key, 'trunk:pstn-in@from-trunk');
  assert.notEqual(extensionKey(key), key);
  assert.equal(caller.label, 'from-trunk via pstn-in');
  assert.ok(isCallerKey(key) && isCallerKey('fwd:2125550104'));
  assert.ok(!isCallerKey('1001') && !isCallerKey(extensionKey('trunk:x@y')));
});

test('trunks: TRUNKS when set, else the ones the rows name, sorted, once each', () => {
  assert.deepEqual(recogniseTrunks({ trunks: ['telco'] }, ['carrier']), ['telco']);
  assert.deepEqual(recogniseTrunks({ trunks: [] }, ['pstn-in', 'carrier', 'pstn-in']), ['carrier', 'pstn-in']);
});

test('caller keys are distinct whatever the names contain: "@" and "%" in a trunk or forward name are escaped', () => {
  const keys = [
    trunkCaller('pstn-in', 'from-trunk').key,
    trunkCaller('pstn-in@from', 'trunk').key,
    trunkCaller('pstn-in%40from', 'trunk').key,
    forwardKey('pstn-in@from-trunk'),
    forwardKey('2125550104'),
    localForwardKey('pstn-in', 'from-trunk'),
    localForwardKey('pstn-in@from', 'trunk'),
    localForwardKey(null, 'from-trunk'),
    localForwardKey(null, 'pstn-in@from-trunk'),
  ];
  assert.equal(new Set(keys).size, keys.length, keys.join(' '));
  // Ordinary names keep the keys earlier runs stored.
  assert.equal(trunkCaller('pstn-in', 'from-trunk').key, 'trunk:pstn-in@from-trunk');
  assert.equal(forwardKey('2125550104'), 'fwd:2125550104');
  assert.equal(localForwardKey('pstn-in', 'from-trunk'), 'fwd:pstn-in@from-trunk');
  assert.equal(localForwardKey(null, 'outbound'), 'fwd:@outbound');
});
