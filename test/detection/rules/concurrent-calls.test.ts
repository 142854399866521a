import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concurrentCalls } from '../../../src/detection/rules/concurrent-calls.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { peakConcurrent: 1 });

describe('concurrent-calls', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => concurrentCalls.options.parse({})));

  it('3 parallel international calls warn, 5 are critical', () => {
    const p = (n: number) => dayProfile('201', DAY, [{ to: 'CU', calls: 10 }], { peakConcurrent: n, peakConcurrentInternational: n });
    assert.equal(runRule(concurrentCalls, p(2), b), null);
    const hit = runRule(concurrentCalls, p(3), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.match(hit!.explanation, /Up to 3 outbound calls at once .*3 of them international; the extension's usual peak is 1/);
    assert.equal(severityOf(runRule(concurrentCalls, p(5), b), 'warning'), 'critical');
  });

  it('many parallel domestic calls well above the usual peak warn; a busy line at its usual peak does not', () => {
    const dom = dayProfile('201', DAY, [{ to: 'domestic', calls: 10 }], { peakConcurrent: 4 });
    assert.equal(severityOf(runRule(concurrentCalls, dom, b), 'warning'), 'warning');
    const trunkLike = flatBaseline('201', DAY, { peakConcurrent: 6 });
    assert.equal(runRule(concurrentCalls, dayProfile('201', DAY, [{ to: 'GB', calls: 10 }], { peakConcurrent: 6, peakConcurrentInternational: 4 }), trunkLike), null);
  });
});
