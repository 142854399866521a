import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectDay, fingerprint, prepareRules } from '../../src/detection/detect.js';
import { validateRuleSettings } from '../../src/detection/registry.js';
import { RULES } from '../../src/detection/rules/index.js';
import { severityRank } from '../../src/detection/rule.js';
import type { Baseline } from '../../src/profiles/baseline.types.js';
import { dayProfile, flatBaseline } from '../helpers/profiles.js';

const DAY = '2026-03-04';

function setup() {
  const profiles = [
    dayProfile('201', DAY, [{ to: '+882', calls: 30, answered: 20 }]),
    dayProfile('202', DAY, [{ to: 'domestic', calls: 300 }]),
    dayProfile('203', DAY, [{ to: 'GB', calls: 2 }]),
  ];
  const baselines = new Map<string, Baseline>(profiles.map((p) => [p.extension, flatBaseline(p.extension, DAY, { outboundCalls: 10, internationalCalls: 2 }, { knownCountries: new Set(['GB']) })]));
  return { profiles, baselines };
}

describe('RULES', () => {
  it('have unique kebab-case ids, defaults for every option, and the ids the env vars map to', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.meta.id, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.doesNotThrow(() => r.options.parse({}), r.meta.id);
    }
    assert.ok(ids.includes('cost-cap') && ids.includes('pbx-cost-cap'));
    assert.deepEqual(validateRuleSettings({ 'cost-cap': { enabled: true, options: { perExtension: 25 } }, 'pbx-cost-cap': { enabled: true, options: { perDay: 100 } } }), []);
    assert.equal(validateRuleSettings({ 'cost-cap': { enabled: true, options: { perExtension: 'lots' } } }).length, 1);
  });
});

describe('detectDay', () => {
  it('finds, fingerprints and sorts most severe first, then by cost', () => {
    const { profiles, baselines } = setup();
    const findings = detectDay({ day: DAY, profiles, baselines, rules: prepareRules(), exemptExtensions: [], currency: 'USD' });
    assert.ok(findings.length > 0);
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1]!;
      const b = findings[i]!;
      const bySeverity = severityRank(a.severity) - severityRank(b.severity);
      assert.ok(bySeverity > 0 || (bySeverity === 0 && a.estimatedCost >= b.estimatedCost), `${a.rule} before ${b.rule}`);
    }
    const f = findings.find((x) => x.extension === '201' && x.rule === 'intl-spike')!;
    assert.equal(f.fingerprint, fingerprint('intl-spike', '201', DAY));
    assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
    assert.notEqual(f.fingerprint, fingerprint('intl-spike', '201', '2026-03-05'));
    assert.equal(f.currency, 'USD');
    assert.equal(findings.filter((x) => x.extension === '203').length, 0);
    assert.ok(findings.filter((x) => x.extension === '202').every((x) => x.severity !== 'critical'));
  });

  it('skips exempt extensions and extensions without a baseline', () => {
    const { profiles, baselines } = setup();
    const exempt = detectDay({ day: DAY, profiles, baselines, rules: prepareRules(), exemptExtensions: ['201'], currency: 'USD' });
    assert.equal(exempt.some((f) => f.extension === '201'), false);
    baselines.delete('202');
    const nob = detectDay({ day: DAY, profiles, baselines, rules: prepareRules(), exemptExtensions: [], currency: 'USD' });
    assert.equal(nob.some((f) => f.extension === '202'), false);
  });

  it('applies enabled, severity and options from the settings', () => {
    const { profiles, baselines } = setup();
    const rules = prepareRules({
      'intl-spike': { enabled: false, options: {} },
      'sequential-dialling': { enabled: true, severity: 'info', options: { minRun: 2 } },
      'cost-cap': { enabled: true, options: { perExtension: 1 } },
    });
    assert.equal(rules.some((r) => r.rule.meta.id === 'intl-spike'), false);
    profiles[2] = dayProfile('203', DAY, [{ to: 'GB', calls: 2 }], { longestSequentialRun: 3, estimatedCost: 1.5 });
    const findings = detectDay({ day: DAY, profiles, baselines, rules, exemptExtensions: [], currency: 'EUR' });
    assert.equal(findings.some((f) => f.rule === 'intl-spike'), false);
    assert.equal(findings.find((f) => f.extension === '203' && f.rule === 'sequential-dialling')?.severity, 'info');
    assert.ok(findings.some((f) => f.extension === '203' && f.rule === 'cost-cap'));
    assert.throws(() => prepareRules({ 'cost-cap': { enabled: true, options: { perExtension: -1 } } }), /cost-cap: bad options/);
  });

  it('runs PBX rules once for the day with extension "*"', () => {
    const { profiles, baselines } = setup();
    const rules = prepareRules({ 'pbx-cost-cap': { enabled: true, options: { perDay: 1 } } });
    const pbx = detectDay({ day: DAY, profiles, baselines, rules, exemptExtensions: [], currency: 'USD' }).filter((f) => f.rule === 'pbx-cost-cap');
    assert.equal(pbx.length, 1);
    assert.equal(pbx[0]!.extension, '*');
  });

  it('intradayOnly keeps only intraday rules, and a profile of another day is refused', () => {
    const { profiles, baselines } = setup();
    const rules = prepareRules().map((r) => (r.rule.meta.id === 'intl-spike' ? { ...r, rule: { ...r.rule, meta: { ...r.rule.meta, intraday: false } } } : r));
    const f = detectDay({ day: DAY, profiles, baselines, rules: rules as ReturnType<typeof prepareRules>, exemptExtensions: [], currency: 'USD', intradayOnly: true });
    assert.equal(f.some((x) => x.rule === 'intl-spike'), false);
    assert.throws(() => detectDay({ day: '2026-03-05', profiles, baselines, rules: prepareRules(), exemptExtensions: [], currency: 'USD' }), /got a profile/);
  });
});
