import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { volumeSpike } from '../../../src/detection/rules/volume-spike.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';

describe('volume-spike', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => volumeSpike.options.parse({})));

  it('a domestic-only spike is a warning however far off, even when configured critical', () => {
    const b = flatBaseline('201', DAY, { outboundCalls: 10 });
    const hit = runRule(volumeSpike, dayProfile('201', DAY, [{ to: 'domestic', calls: 500 }]), b, {}, 'critical');
    assert.equal(severityOf(hit, 'critical'), 'warning');
    assert.match(hit!.explanation, /^500 outbound calls on 2026-03-04, usually 10 a day\. All of them domestic\.$/);
    assert.equal(hit!.evidence.domesticOnly, true);
  });

  it('a spike with international calls far off is critical', () => {
    const b = flatBaseline('201', DAY, { outboundCalls: 10 });
    assert.equal(severityOf(runRule(volumeSpike, dayProfile('201', DAY, [{ to: 'domestic', calls: 10 }, { to: 'MX', calls: 100 }]), b), 'warning'), 'critical');
  });

  it('does not fire on a normal busy day or below the excess floor', () => {
    const b = flatBaseline('201', DAY, { outboundCalls: { median: 40, scale: 8, mean: 40, max: 60 } });
    assert.equal(runRule(volumeSpike, dayProfile('201', DAY, [{ to: 'domestic', calls: 55 }]), b), null);
    const quiet = flatBaseline('202', DAY, { outboundCalls: 1 });
    assert.equal(runRule(volumeSpike, dayProfile('202', DAY, [{ to: 'domestic', calls: 15 }]), quiet), null);
    assert.ok(runRule(volumeSpike, dayProfile('202', DAY, [{ to: 'domestic', calls: 15 }]), quiet, { minExcess: 5 }));
  });
});
