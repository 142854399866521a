import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { premiumRate } from '../../../src/detection/rules/premium-rate.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY);

describe('premium-rate', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => premiumRate.options.parse({})));

  it('one short premium-rate call warns, several or costly ones are critical', () => {
    const one = runRule(premiumRate, dayProfile('201', DAY, [{ to: 'LV', calls: 1, answered: 1, seconds: 30 }]), b);
    assert.equal(severityOf(one, 'warning'), 'warning');
    assert.match(one!.explanation, /1 call\(s\) to premium-rate numbers on 2026-03-04, 1 answered, USD [\d.]+ at premium rates\. It does not usually call premium-rate numbers\./);
    assert.equal(severityOf(runRule(premiumRate, dayProfile('201', DAY, [{ to: 'LV', calls: 3, answered: 0 }]), b), 'warning'), 'critical');
    assert.equal(severityOf(runRule(premiumRate, dayProfile('201', DAY, [{ to: 'LV', calls: 1, answered: 1, seconds: 600 }]), b), 'warning'), 'critical');
  });

  it('nothing without premium calls; only info for a daily habit', () => {
    assert.equal(runRule(premiumRate, dayProfile('201', DAY, [{ to: 'GB', calls: 5 }]), b), null);
    const habit = flatBaseline('201', DAY, { premiumCalls: { median: 2, scale: 1, mean: 2, max: 3 } });
    assert.equal(severityOf(runRule(premiumRate, dayProfile('201', DAY, [{ to: 'LV', calls: 2, seconds: 30 }]), habit), 'warning'), 'info');
  });

  it('respects criticalCalls', () => {
    assert.equal(severityOf(runRule(premiumRate, dayProfile('201', DAY, [{ to: 'LV', calls: 3, answered: 0 }]), b, { criticalCalls: 10 }), 'warning'), 'warning');
  });
});
