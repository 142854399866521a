import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { liveCostRate } from '../../../src/detection/live/rules/cost-rate.js';
import { livePbxCostRate } from '../../../src/detection/live/rules/pbx-cost-rate.js';
import { check, checkPbx, domestic, liveCall, liveExt } from '../../helpers/live-views.js';

describe('live rule live-cost-rate', () => {
  it('answered calls at USD 7.50 a minute together: critical, with the hour at that rate', () => {
    const hit = check(liveCostRate, liveExt([liveCall(), liveCall(), liveCall()]));
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.title, /Money burning now: USD 7\.50 a minute on 3 call\(s\)/);
    assert.match(hit!.explanation, /an hour costs USD 450\.00/);
  });
  it('calls not yet answered cost nothing; USD 2.50 a minute is a warning', () => {
    assert.equal(check(liveCostRate, liveExt([liveCall({ answeredAt: null })])), null);
    assert.equal(check(liveCostRate, liveExt([liveCall(), domestic()]))?.severity, 'warning');
  });
  it('an extension whose costliest day is more than an hour at this rate: nothing', () => {
    assert.equal(check(liveCostRate, liveExt([liveCall(), liveCall(), liveCall()], { historyOf: { maxDayCost: 500 } })), null);
  });
});

describe('live rule live-pbx-cost-rate', () => {
  it('several extensions together burn more an hour than the PBX’s costliest day: critical, on "*"', () => {
    const exts = ['1001', '1002', '1003'].map((e) => liveExt([liveCall()], { extension: e }));
    const hit = checkPbx(livePbxCostRate, exts, 300);
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.explanation, /USD 7\.50 a minute together/);
    assert.equal(checkPbx(livePbxCostRate, exts, 500), null);
    assert.equal(checkPbx(livePbxCostRate, exts.slice(0, 1), 0), null);
  });
});
