import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highRiskDestination } from '../../../src/detection/rules/high-risk-destination.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, {}, { knownCountries: new Set(['GB']) });

describe('high-risk-destination', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => highRiskDestination.options.parse({})));

  it('an unanswered call to Cuba warns; answered or several is critical', () => {
    const hit = runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'CU', calls: 1, answered: 0 }]), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.match(hit!.explanation, /Not called by this extension before: Cuba/);
    assert.equal(severityOf(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'CU', calls: 1, answered: 1 }]), b), 'warning'), 'critical');
    assert.equal(severityOf(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: '+882', calls: 3, answered: 0 }]), b), 'warning'), 'critical');
  });

  it('an extension calling its usual high-risk country at its usual volume is left alone', () => {
    const usual = flatBaseline('201', DAY, { highRiskCalls: { median: 2, scale: 1, mean: 2, max: 4 } }, { knownCountries: new Set(['LV']) });
    assert.equal(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'LV', calls: 3 }]), usual), null);
    // ... but not far more of them, nor a new high-risk network.
    assert.ok(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'LV', calls: 30 }]), usual));
    assert.ok(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'LV', calls: 2 }, { to: '+882', calls: 1, answered: 0 }]), usual));
  });

  it('nothing without high-risk calls; respects criticalAnswered', () => {
    assert.equal(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'GB', calls: 9 }]), b), null);
    assert.equal(severityOf(runRule(highRiskDestination, dayProfile('201', DAY, [{ to: 'CU', calls: 1, answered: 1 }]), b, { criticalAnswered: 2 }), 'warning'), 'warning');
  });
});
