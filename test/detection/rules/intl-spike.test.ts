import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intlSpike } from '../../../src/detection/rules/intl-spike.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const known = { knownCountries: new Set(['GB']) };

describe('intl-spike', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => intlSpike.options.parse({})));

  it('48 international calls against a usual 2 is critical, with numbers in evidence', () => {
    const p = dayProfile('201', DAY, [{ to: '+882', calls: 41 }, { to: 'GB', calls: 7 }]);
    const hit = runRule(intlSpike, p, flatBaseline('201', DAY, { internationalCalls: 2 }, known));
    assert.equal(severityOf(hit, 'warning'), 'critical');
    assert.match(hit!.explanation, /^48 international calls on 2026-03-04, usually 2 a day\. 48 answered, 0 failed\. Never called before: \+882\.$/);
    // Statistics stay out of the sentence an admin reads first: they are the details line.
    assert.doesNotMatch(hit!.explanation, /robust z|chance|\d+x/);
    assert.match(hit!.details!, /24x the usual; robust z [\d.]+; chance [\de.-]+ under the usual rate/);
    assert.equal(hit!.evidence.observed, 48);
    assert.equal(hit!.evidence.baselineMedian, 2);
    assert.ok((hit!.evidence.pTail as number) < 1e-10);
  });

  it('a moderate excess is only a warning; a small one nothing', () => {
    const b = flatBaseline('201', DAY, { internationalCalls: 2 }, known);
    assert.equal(severityOf(runRule(intlSpike, dayProfile('201', DAY, [{ to: 'GB', calls: 10 }]), b), 'warning'), 'warning');
    assert.equal(runRule(intlSpike, dayProfile('201', DAY, [{ to: 'GB', calls: 5 }]), b), null);
  });

  it('the usual volume of a heavy caller does not fire', () => {
    const b = flatBaseline('202', DAY, { internationalCalls: { median: 30, scale: 4, mean: 30, max: 38 } }, { knownCountries: new Set(['GB', 'DE', 'FR']) });
    assert.equal(runRule(intlSpike, dayProfile('202', DAY, [{ to: 'GB', calls: 12 }, { to: 'DE', calls: 12 }, { to: 'FR', calls: 12 }]), b), null);
  });

  it('a cold-start baseline never makes it critical', () => {
    const b = flatBaseline('203', DAY, { internationalCalls: 0 }, { coldStart: true, activeDays: 1 });
    assert.equal(severityOf(runRule(intlSpike, dayProfile('203', DAY, [{ to: '+882', calls: 60 }]), b), 'warning'), 'warning');
  });

  it('respects its options', () => {
    const b = flatBaseline('201', DAY, { internationalCalls: 2 }, known);
    const p = dayProfile('201', DAY, [{ to: 'GB', calls: 10 }]);
    assert.equal(runRule(intlSpike, p, b, { minExcess: 20 }), null);
    assert.equal(severityOf(runRule(intlSpike, p, b, { criticalExcess: 5 }), 'warning'), 'critical');
  });
});
