// Naive Asterisk stamps in the PBX zone, across DST changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PbxClock } from '../../src/time/pbx-clock.js';

const iso = (ms: number) => new Date(ms).toISOString();

test('the repeated hour after DST ends takes the earlier instant, as documented', () => {
  const ny = new PbxClock('America/New_York');
  assert.equal(iso(ny.parseNaive('2026-11-01 00:59:00', false)), '2026-11-01T04:59:00.000Z');
  assert.equal(iso(ny.parseNaive('2026-11-01 01:05:00', false)), '2026-11-01T05:05:00.000Z', '01:05 EDT, not EST');
  assert.equal(iso(ny.parseNaive('2026-11-01 02:05:00', false)), '2026-11-01T07:05:00.000Z');
  const lordHowe = new PbxClock('Australia/Lord_Howe');
  assert.equal(iso(lordHowe.parseNaive('2026-04-05 01:45:00', false)), '2026-04-04T14:45:00.000Z', 'half-hour DST: +11 before +10:30');
});

test('ordinary and GMT stamps, and malformed ones', () => {
  const ny = new PbxClock('America/New_York');
  assert.equal(iso(ny.parseNaive('2026-11-26 06:35:12', false)), '2026-11-26T11:35:12.000Z');
  assert.equal(iso(ny.parseNaive('2026-11-26 06:35:12', true)), '2026-11-26T06:35:12.000Z');
  for (const bad of ['2026-02-30 10:00:00', '2026-11-26 25:00:00', '26/11/2026 10:00', '']) assert.ok(Number.isNaN(ny.parseNaive(bad, false)), bad);
});

test('laterReading: the second instant of a wall-clock time in the repeated hour, null elsewhere', () => {
  const ny = new PbxClock('America/New_York');
  const first = ny.parseNaive('2026-11-01 01:10:00', false);
  assert.equal(iso(ny.laterReading(first)!), '2026-11-01T06:10:00.000Z', '01:10 EST');
  assert.equal(ny.laterReading(ny.laterReading(first)!), null, 'there is no third');
  assert.equal(ny.laterReading(ny.parseNaive('2026-11-01 02:10:00', false)), null);
  assert.equal(ny.laterReading(ny.parseNaive('2026-11-01 00:59:59', false)), null);
  assert.equal(ny.laterReading(ny.parseNaive('2026-03-08 03:30:00', false)), null, 'spring forward repeats nothing');
  const lordHowe = new PbxClock('Australia/Lord_Howe');
  assert.equal(iso(lordHowe.laterReading(lordHowe.parseNaive('2026-04-05 01:45:00', false))!), '2026-04-04T15:15:00.000Z', 'half an hour later');
  assert.equal(new PbxClock('UTC').laterReading(Date.parse('2026-11-01T01:10:00Z')), null);
});
