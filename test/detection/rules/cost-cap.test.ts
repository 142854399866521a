import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costCap } from '../../../src/detection/rules/cost-cap.js';
import { pbxCostCap } from '../../../src/detection/rules/pbx-cost-cap.js';
import { blankProfile, flatBaseline } from '../../helpers/profiles.js';
import { runPbxRule, runRule } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY, { estimatedCost: 3 });

describe('cost-cap', () => {
  it('has defaults for every option, named as DAILY_COST_CAP maps them', () => {
    assert.equal(costCap.options.parse({}).perExtension, 50);
    assert.equal(pbxCostCap.options.parse({}).perDay, 200);
  });

  it('fires above the per-extension cap only', () => {
    assert.equal(runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50 }), b), null);
    const hit = runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50.01 }), b);
    assert.match(hit!.explanation, /USD 50\.01, over the per-extension cap of USD 50\.00; usual USD 3\.00/);
    assert.equal(runRule(costCap, blankProfile('201', DAY, { estimatedCost: 50.01 }), b, { perExtension: 100 }), null);
  });
});

describe('pbx-cost-cap', () => {
  it('adds every extension of the day and names the biggest spenders', () => {
    const profiles = [60, 70, 69.5].map((c, i) => blankProfile(`20${i}`, DAY, { estimatedCost: c }));
    assert.equal(runPbxRule(pbxCostCap, DAY, profiles), null);
    profiles.push(blankProfile('299', DAY, { estimatedCost: 10.5 }));
    const hit = runPbxRule(pbxCostCap, DAY, profiles);
    assert.equal(hit!.estimatedCost, 210);
    assert.match(hit!.explanation, /USD 210\.00 over 4 extension\(s\).*Biggest spenders: extension 201 USD 70\.00/);
    assert.equal(runPbxRule(pbxCostCap, DAY, profiles, { perDay: 500 }), null);
  });
});
