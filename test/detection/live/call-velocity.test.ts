import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { liveCallVelocity } from '../../../src/detection/live/rules/call-velocity.js';
import { check, domestic, liveCall, liveExt, NOW } from '../../helpers/live-views.js';

const dials = (n: number, make = liveCall, agoMs = 60_000) => Array.from({ length: n }, () => make({ dialledAt: NOW - agoMs, inProgress: false }));

describe('live rule live-call-velocity', () => {
  it('six toll calls dialled in ten minutes by an extension that never dialled so fast: critical', () => {
    const hit = check(liveCallVelocity, liveExt([], { recent: dials(6) }));
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.title, /Calls dialled in the last 10 minutes: 6 \(most ever 0\)/);
  });
  it('six domestic calls: a warning only; five: nothing', () => {
    assert.equal(check(liveCallVelocity, liveExt([], { recent: dials(6, domestic) }))?.severity, 'warning');
    assert.equal(check(liveCallVelocity, liveExt([], { recent: dials(5) })), null);
  });
  it('calls older than the window do not count, nor a burst the history has seen', () => {
    assert.equal(check(liveCallVelocity, liveExt([], { recent: dials(8, liveCall, 11 * 60_000) })), null);
    assert.equal(check(liveCallVelocity, liveExt([], { recent: dials(8), historyOf: { maxCallsIn10Min: 8 } })), null);
  });
});
