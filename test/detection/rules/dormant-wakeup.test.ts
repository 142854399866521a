import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dormantWakeup } from '../../../src/detection/rules/dormant-wakeup.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';

describe('dormant-wakeup', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => dormantWakeup.options.parse({})));

  it('an extension idle for 20 days making international calls warns; many or high-risk is critical', () => {
    const b = flatBaseline('201', DAY, {}, { lastActiveDay: '2026-02-11', activeDays: 3 });
    const hit = runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'MX', calls: 2 }]), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.match(hit!.explanation, /no outbound call for 20 days \(last on 2026-02-11\)/);
    assert.equal(severityOf(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'CU', calls: 1 }]), b), 'warning'), 'critical');
    assert.equal(severityOf(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'GB', calls: 12 }]), b), 'warning'), 'critical');
    const never = flatBaseline('201', DAY, {}, { lastActiveDay: null, activeDays: 0 });
    assert.match(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'MX', calls: 2 }]), never)!.explanation, /no outbound call in the 28 days remembered/);
  });

  it('not for an active extension, a new one, or a few domestic calls', () => {
    const active = flatBaseline('201', DAY, {}, { lastActiveDay: '2026-03-01' });
    assert.equal(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'MX', calls: 2 }]), active), null);
    const fresh = flatBaseline('201', DAY, {}, { lastActiveDay: null, historyDays: 3, activeDays: 0 });
    assert.equal(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'MX', calls: 2 }]), fresh), null);
    const idle = flatBaseline('201', DAY, {}, { lastActiveDay: '2026-02-01' });
    assert.equal(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'domestic', calls: 3 }]), idle), null);
    assert.equal(runRule(dormantWakeup, dayProfile('201', DAY, [{ to: 'MX', calls: 2 }]), idle, { dormantDays: 60 }), null);
  });
});
