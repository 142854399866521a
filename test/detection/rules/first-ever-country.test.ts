import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstEverCountry } from '../../../src/detection/rules/first-ever-country.js';
import { highRiskDestination } from '../../../src/detection/rules/high-risk-destination.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, {}, { knownCountries: new Set(['GB', 'DE']) });

describe('first-ever-country', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => firstEverCountry.options.parse({})));

  it('a new ordinary country warns, a new high-risk one is critical', () => {
    const hit = runRule(firstEverCountry, dayProfile('201', DAY, [{ to: 'GB', calls: 2 }, { to: 'MX', calls: 1 }]), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.deepEqual(hit!.evidence.newCountries, ['MX']);
    assert.match(hit!.explanation, /never called by this extension before 2026-03-04: Mexico. It usually calls GB, DE/);
    assert.equal(severityOf(runRule(firstEverCountry, dayProfile('201', DAY, [{ to: '+882', calls: 1, answered: 1 }]), b), 'warning'), 'critical');
  });

  it('a new high-risk country is critical once reached: answered, or several attempts', () => {
    const once = runRule(firstEverCountry, dayProfile('201', DAY, [{ to: '+882', calls: 1, answered: 0 }]), b);
    assert.equal(severityOf(once, 'warning'), 'warning');
    assert.equal(severityOf(runRule(firstEverCountry, dayProfile('201', DAY, [{ to: '+882', calls: 3, answered: 0 }]), b), 'warning'), 'critical');
  });

  it('a brand-new extension calling an ordinary country is only noted', () => {
    const none = { ...b, historyDays: 0, knownCountries: new Set<string>() };
    assert.equal(severityOf(runRule(firstEverCountry, dayProfile('201', DAY, [{ to: 'MX', calls: 1 }]), none), 'warning'), 'info');
    assert.equal(severityOf(runRule(firstEverCountry, dayProfile('201', DAY, [{ to: 'CU', calls: 1, answered: 1 }]), none), 'warning'), 'critical');
  });

  it('usual countries do not fire', () => {
    assert.equal(runRule(firstEverCountry, dayProfile('201', DAY, [{ to: 'GB', calls: 20 }, { to: 'DE', calls: 3 }]), b), null);
  });

  it('many new countries at once are critical; ignored countries never count', () => {
    const many = dayProfile('201', DAY, [{ to: 'MX', calls: 1 }, { to: 'FR', calls: 1 }]);
    assert.equal(severityOf(runRule(firstEverCountry, many, b, { criticalNewCountries: 2 }), 'warning'), 'critical');
    assert.equal(runRule(firstEverCountry, many, b, { ignoreCountries: ['mx', 'FR'] }), null);
  });

  it('names every new high-risk country, not only those among the ten costliest numbers', () => {
    // Ten costly +882 numbers fill the top destinations; Cuba's cheaper calls are in the day's countries only.
    const specs = [...Array.from({ length: 10 }, () => ({ to: '+882', calls: 5 })), { to: 'CU', calls: 48, answered: 0 }];
    const p = dayProfile('201', DAY, specs, {
      topCountries: [
        { key: '+882', label: 'International Networks (+882)', calls: 50, answered: 50, cost: 800, highRisk: true },
        { key: 'CU', label: 'Cuba', calls: 48, answered: 0, cost: 0, highRisk: true },
      ],
    });
    assert.ok(!p.topDestinations.some((d) => d.country === 'CU'), 'the test needs Cuba outside the top destinations');
    const first = runRule(firstEverCountry, p, b)!;
    assert.match(first.explanation, /High-risk: International Networks \(\+882\), Cuba/);
    const risky = runRule(highRiskDestination, p, b)!;
    assert.match(risky.explanation, /Not called by this extension before: International Networks \(\+882\), Cuba/);
    assert.deepEqual(risky.evidence.unfamiliar, ['+882', 'CU']);
  });
});
