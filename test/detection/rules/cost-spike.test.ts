import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costSpike } from '../../../src/detection/rules/cost-spike.js';
import { blankProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { estimatedCost: { median: 2, scale: 1.5, mean: 2.2, max: 6 } });

describe('cost-spike', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => costSpike.options.parse({})));

  it('escalates with the excess', () => {
    assert.equal(runRule(costSpike, blankProfile('201', DAY, { outboundCalls: 5, estimatedCost: 6 }), b), null);
    assert.equal(severityOf(runRule(costSpike, blankProfile('201', DAY, { outboundCalls: 5, estimatedCost: 20 }), b), 'warning'), 'warning');
    const hit = runRule(costSpike, blankProfile('201', DAY, { outboundCalls: 5, estimatedCost: 400 }), b);
    assert.equal(severityOf(hit, 'warning'), 'critical');
    assert.match(hit!.explanation, /^USD 400\.00 estimated call cost on 2026-03-04, usually USD 2\.00 a day\.$/);
    assert.match(hit!.details!, /200x the usual; robust z/);
    assert.equal(hit!.evidence.pTail, null);
  });

  it('respects minExcess', () => {
    assert.equal(runRule(costSpike, blankProfile('201', DAY, { outboundCalls: 5, estimatedCost: 20 }), b, { minExcess: 30 }), null);
  });
});
