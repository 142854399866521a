import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { liveConcurrentCalls } from '../../../src/detection/live/rules/concurrent-calls.js';
import { check, domestic, liveCall, liveExt } from '../../helpers/live-views.js';

describe('live rule live-concurrent-calls', () => {
  it('three toll calls at once from an extension that never had two: critical, in the CDR rule’s words', () => {
    const hit = check(liveConcurrentCalls, liveExt([liveCall(), liveCall({ label: 'Cuba' }), liveCall()]));
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.explanation, /^3 outbound calls to international, premium-rate or high-risk numbers are up at once right now \(International Networks \(\+882\) 2, Cuba 1\)\. The extension has never had two such calls at once\.?$/);
  });
  it('two at once is a warning; domestic calls do not count', () => {
    assert.equal(check(liveConcurrentCalls, liveExt([liveCall(), liveCall(), domestic(), domestic()]))?.severity, 'warning');
    assert.equal(check(liveConcurrentCalls, liveExt([liveCall(), domestic(), domestic(), domestic()])), null);
  });
  it('no more than the history’s most at once: nothing', () => {
    assert.equal(check(liveConcurrentCalls, liveExt([liveCall(), liveCall(), liveCall()], { historyOf: { maxConcurrentInternational: 3 } })), null);
    assert.equal(check(liveConcurrentCalls, liveExt([liveCall(), liveCall(), liveCall(), liveCall()], { historyOf: { maxConcurrentInternational: 3 } }))?.severity, 'critical');
  });
  it('forwards the admin allowed do not count', () => {
    assert.equal(check(liveConcurrentCalls, liveExt([liveCall({ allowedForward: true }), liveCall({ allowedForward: true }), liveCall()])), null);
  });
});
