import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costCap } from '../../../src/detection/rules/cost-cap.js';
import { pbxCostCap, pbxDailyCap } from '../../../src/detection/rules/pbx-cost-cap.js';
import { addDays } from '../../../src/time/pbx-clock.js';
import { blankProfile, flatBaseline } from '../../helpers/profiles.js';
import { runPbxRule, runRule } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { estimatedCost: 3 });

describe('cost-cap', () => {
  it('has defaults for every option, named as DAILY_COST_CAP maps them', () => {
    assert.equal(costCap.options.parse({}).perExtension, 50);
    // PBX_DAILY_COST_CAP is a ceiling the admin sets, not a default.
    assert.equal(pbxCostCap.options.parse({}).perDay, undefined);
    assert.deepEqual(pbxCostCap.options.parse({}), { overBusiestDay: 2, minimum: 50, minHistoryDays: 7, fallback: 200 });
  });

  it('fires above the per-extension cap only', () => {
    assert.equal(runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50 }), b), null);
    const hit = runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50.01 }), b);
    assert.match(hit!.explanation, /USD 50\.01, over the per-extension cap of USD 50\.00; usually USD 3\.00 a day\.$/);
    assert.equal(runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50.01 }), b, { perExtension: 100 }), null);
  });
});

/** Days of PBX history before DAY, oldest first, costing what `cost(i)` says. */
const history = (n: number, cost: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ day: addDays(DAY, i - n), cost: cost(i) }));

describe('pbx-cost-cap', () => {
  it('adds every extension of the day and names the biggest spenders (no history yet: the fallback cap)', () => {
    const profiles = [60, 70, 69.5].map((c, i) => blankProfile(`20${i}`, DAY, { estimatedCost: c }));
    assert.equal(runPbxRule(pbxCostCap, DAY, profiles), null);
    profiles.push(blankProfile('299', DAY, { estimatedCost: 10.5 }));
    const hit = runPbxRule(pbxCostCap, DAY, profiles);
    assert.equal(hit!.estimatedCost, 210);
    assert.match(hit!.explanation, /^The whole PBX spent USD 210\.00 on 2026-03-04 over 4 extension\(s\), over its daily cap of USD 200\.00\. Biggest spenders: extension 201 USD 70\.00/);
    assert.match(hit!.details!, /cap = USD 200\.00 until the PBX has 7 days of history \(it has 0\)/);
    assert.equal(runPbxRule(pbxCostCap, DAY, profiles, { fallback: 500 }), null);
  });

  it('a big PBX is judged against its own history: its usual USD 2,000 weekday is not critical', () => {
    const weekdays = history(28, (i) => 1800 + (i % 5) * 60);
    const usual = Array.from({ length: 300 }, (_, i) => blankProfile(`${3000 + i}`, DAY, { estimatedCost: 7 }));
    assert.equal(runPbxRule(pbxCostCap, DAY, usual, {}, weekdays), null, 'USD 2,100 against a cap of 2 x USD 2,040');
    const attacked = [...usual, blankProfile('3999', DAY, { estimatedCost: 2500 })];
    const hit = runPbxRule(pbxCostCap, DAY, attacked, {}, weekdays);
    assert.equal(hit!.evidence.cap, 4080);
    assert.equal(hit!.evidence.capBasis, 'history');
    assert.match(hit!.explanation, /over its daily cap of USD 4,080\.00; its costliest day in the last 28 was USD 2,040\.00/);
    assert.match(hit!.details!, /cap = 2 x the costliest of the last 28 days, at least USD 50\.00, no ceiling set \(PBX_DAILY_COST_CAP\); costliest day 2026-0[23]-\d\d, USD 2,040\.00, in 28 days of history/);
  });

  it('a quiet PBX is never capped below the minimum; PBX_DAILY_COST_CAP is a ceiling the history cannot raise', () => {
    const quiet = history(20, () => 3);
    assert.deepEqual(pbxDailyCap(quiet, pbxCostCap.options.parse({})), { cap: 50, basis: 'history', busiest: quiet[19], historyDays: 20 });
    const busy = history(20, () => 900);
    assert.equal(pbxDailyCap(busy, pbxCostCap.options.parse({})).cap, 1800);
    assert.deepEqual(pbxDailyCap(busy, pbxCostCap.options.parse({ perDay: 1000 })), { cap: 1000, basis: 'ceiling', busiest: busy[19], historyDays: 20 });
    assert.equal(pbxDailyCap([], pbxCostCap.options.parse({ perDay: 120 })).cap, 120, 'the ceiling also bounds the fallback');
    assert.equal(pbxDailyCap(history(6, () => 900), pbxCostCap.options.parse({})).basis, 'fallback', 'six days are not enough history');
  });
});
