import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { liveFirstEverHighRisk } from '../../../src/detection/live/rules/first-ever-high-risk.js';
import { check, liveCall, liveExt } from '../../helpers/live-views.js';

describe('live rule live-first-ever-high-risk', () => {
  it('an answered call to a high-risk network never called before: critical', () => {
    const hit = check(liveFirstEverHighRisk, liveExt([liveCall()], { historyOf: { knownCountries: new Set(['GB']), activeDays: 20 } }));
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.explanation, /1 call\(s\) dialled just now to high-risk destination never called by this extension before: International Networks \(\+882\); 1 answered\. It usually calls GB/);
  });
  it('one unanswered call is worth a warning; three are critical', () => {
    const ringing = liveCall({ answeredAt: null, costSoFar: 0 });
    assert.equal(check(liveFirstEverHighRisk, liveExt([ringing]))?.severity, 'warning');
    assert.equal(check(liveFirstEverHighRisk, liveExt([ringing, ringing, ringing]))?.severity, 'critical');
  });
  it('a country it called before, an ordinary country, an ignored country: nothing', () => {
    assert.equal(check(liveFirstEverHighRisk, liveExt([liveCall()], { historyOf: { knownCountries: new Set(['+882']) } })), null);
    assert.equal(check(liveFirstEverHighRisk, liveExt([liveCall({ highRisk: false, countryKey: 'GB', label: 'United Kingdom' })])), null);
    assert.equal(check(liveFirstEverHighRisk, liveExt([liveCall()]), { ignoreCountries: ['+882'] }), null);
  });
});
