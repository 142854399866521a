import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterHoursIntl } from '../../../src/detection/rules/after-hours-intl.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { afterHoursInternational: 0 });

describe('after-hours-intl', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => afterHoursIntl.options.parse({})));

  it('warns on night-time international calls above usual', () => {
    const hit = runRule(afterHoursIntl, dayProfile('201', DAY, [{ to: 'GB', calls: 5 }], { afterHoursInternational: 5 }), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.match(hit!.explanation, /5 international calls outside business hours/);
  });

  it('critical with high-risk calls', () => {
    const hit = runRule(afterHoursIntl, dayProfile('201', DAY, [{ to: 'CU', calls: 5 }], { afterHoursInternational: 5 }), b);
    assert.equal(severityOf(hit, 'warning'), 'critical');
  });

  it('silent for the usual after-hours caller and for too few calls', () => {
    const night = flatBaseline('201', DAY, { afterHoursInternational: { median: 6, scale: 2, mean: 6, max: 9 } });
    assert.equal(runRule(afterHoursIntl, dayProfile('201', DAY, [{ to: 'GB', calls: 8 }], { afterHoursInternational: 8 }), night), null);
    assert.equal(runRule(afterHoursIntl, dayProfile('201', DAY, [{ to: 'GB', calls: 2 }], { afterHoursInternational: 2 }), b), null);
  });
});
