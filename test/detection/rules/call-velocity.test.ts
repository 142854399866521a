import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callVelocity } from '../../../src/detection/rules/call-velocity.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { maxCallsIn10Min: 3 });

describe('call-velocity', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => callVelocity.options.parse({})));

  it('a domestic burst warns, an international one of criticalCalls is critical', () => {
    const dom = runRule(callVelocity, dayProfile('201', DAY, [{ to: 'domestic', calls: 40 }], { maxCallsIn10Min: 30 }), b);
    assert.equal(severityOf(dom, 'warning'), 'warning');
    assert.match(dom!.explanation, /30 outbound calls within 10 minutes .*busiest 10 minutes before had 3\./);
    assert.equal(severityOf(runRule(callVelocity, dayProfile('201', DAY, [{ to: 'CU', calls: 40 }], { maxCallsIn10Min: 25 }), b), 'warning'), 'critical');
  });

  it('not below minCalls, nor for an extension that always bursts', () => {
    assert.equal(runRule(callVelocity, dayProfile('201', DAY, [{ to: 'domestic', calls: 9 }], { maxCallsIn10Min: 9 }), b), null);
    const dialer = flatBaseline('201', DAY, { maxCallsIn10Min: { median: 12, scale: 2, mean: 12, max: 18 } });
    assert.equal(runRule(callVelocity, dayProfile('201', DAY, [{ to: 'domestic', calls: 90 }], { maxCallsIn10Min: 20 }), dialer), null);
    assert.ok(runRule(callVelocity, dayProfile('201', DAY, [{ to: 'domestic', calls: 90 }], { maxCallsIn10Min: 20 }), dialer, { overUsualMax: 1 }));
  });
});
