import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedIntlAttempts } from '../../../src/detection/rules/failed-intl-attempts.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { failedInternational: 1, internationalCalls: 3 });

describe('failed-intl-attempts', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => failedIntlAttempts.options.parse({})));

  it('fires on many failed attempts, critical when far more', () => {
    assert.equal(runRule(failedIntlAttempts, dayProfile('201', DAY, [{ to: 'CU', calls: 8, answered: 0 }]), b), null);
    const warn = runRule(failedIntlAttempts, dayProfile('201', DAY, [{ to: 'CU', calls: 15, answered: 0 }]), b);
    assert.equal(severityOf(warn, 'warning'), 'warning');
    assert.match(warn!.explanation, /15 failed international attempts/);
    assert.equal(severityOf(runRule(failedIntlAttempts, dayProfile('201', DAY, [{ to: 'CU', calls: 50, answered: 1 }]), b), 'warning'), 'critical');
  });

  it('not when the extension usually fails that much', () => {
    const noisy = flatBaseline('201', DAY, { failedInternational: { median: 20, scale: 6, mean: 21, max: 35 } });
    assert.equal(runRule(failedIntlAttempts, dayProfile('201', DAY, [{ to: 'GB', calls: 30, answered: 5 }]), noisy), null);
  });
});
