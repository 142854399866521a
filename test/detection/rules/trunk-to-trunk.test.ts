import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trunkToTrunk } from '../../../src/detection/rules/trunk-to-trunk.js';
import type { ProfileCaller } from '../../../src/profiles/daily-profile.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-11-27';
const HAIRPIN: ProfileCaller = { kind: 'trunk', label: 'from-trunk via pstn-in', trunk: 'pstn-in', context: 'from-trunk', forwardOf: null, localContext: null, extension: null, riskyCalls: 3, allowedCalls: 0 };
const FORWARD: ProfileCaller = { kind: 'forward', label: 'forward of DID 2125550104 (from-trunk via pstn-in)', trunk: 'pstn-in', context: 'from-trunk', forwardOf: '2125550104', localContext: 'outbound', extension: null, riskyCalls: 1, allowedCalls: 0 };

describe('trunk-to-trunk', () => {
  it('hairpinned calls abroad are critical; the explanation names the context, what to look for and what to change', () => {
    const key = 'trunk:pstn-in@from-trunk';
    const hit = runRule(trunkToTrunk, dayProfile(key, DAY, [{ to: 'CU', calls: 3 }], { caller: HAIRPIN }), flatBaseline(key, DAY));
    assert.equal(severityOf(hit, trunkToTrunk.meta.defaultSeverity), 'critical');
    assert.match(hit!.title, /no extension: 3 abroad or premium \(from-trunk via pstn-in\)/);
    assert.match(hit!.explanation, /Check context from-trunk \(asterisk -rx "dialplan show from-trunk"\), where they came in on trunk pstn-in/);
    assert.match(hit!.explanation, /include => outbound.*DISA\(\).*voicemail option/);
    assert.match(hit!.explanation, /tollguard cannot lock a trunk/);
  });

  it('a forward abroad is critical, tells how to allow it, and says which extension the policy may lock', () => {
    const key = 'fwd:1004';
    const caller = { ...FORWARD, label: 'forward of extension 1004 (called by extension 1002)', forwardOf: '1004', extension: '1004', trunk: null, context: null };
    const hit = runRule(trunkToTrunk, dayProfile(key, DAY, [{ to: 'CU', calls: 1 }], { caller }), flatBaseline(key, DAY));
    assert.equal(severityOf(hit, 'critical'), 'critical');
    assert.match(hit!.explanation, /Check the forward of 1004, dialled through a Local channel into context outbound: call forwarding/);
    assert.match(hit!.explanation, /the lockout policy may lock extension 1004/);
    assert.match(hit!.explanation, /ALLOWED_FORWARDS=1004:\+5352000000/);
  });

  it('nothing when the forward is allowed, when the calls stayed at home, or when an extension made them', () => {
    const allowed = dayProfile('fwd:2125550104', DAY, [{ to: 'GB', calls: 1 }], { caller: { ...FORWARD, allowedCalls: 1 } });
    assert.equal(runRule(trunkToTrunk, allowed, flatBaseline('fwd:2125550104', DAY)), null);
    const domestic = dayProfile('trunk:pstn-in@from-trunk', DAY, [{ to: 'domestic', calls: 2 }], { caller: { ...HAIRPIN, riskyCalls: 0 } });
    assert.equal(runRule(trunkToTrunk, domestic, flatBaseline('x', DAY)), null);
    assert.equal(runRule(trunkToTrunk, dayProfile('1001', DAY, [{ to: 'CU', calls: 3 }]), flatBaseline('1001', DAY)), null);
  });

  it('one allowed call does not hide another that is not', () => {
    const p = dayProfile('fwd:2125550104', DAY, [{ to: 'GB', calls: 1 }, { to: 'CU', calls: 1 }], { caller: { ...FORWARD, riskyCalls: 2, allowedCalls: 1 } });
    const hit = runRule(trunkToTrunk, p, flatBaseline('fwd:2125550104', DAY));
    assert.match(hit!.title, /: 1 abroad or premium/);
    assert.match(hit!.explanation, /1 more went where ALLOWED_FORWARDS allows/);
  });

  it('names from the CDR go into a printed command only when plain', () => {
    const key = 'trunk:x@evil';
    const caller = { ...HAIRPIN, context: 'from-trunk"; rm -rf / #', label: 'evil' };
    const hit = runRule(trunkToTrunk, dayProfile(key, DAY, [{ to: 'CU', calls: 1 }], { caller }), flatBaseline(key, DAY));
    assert.doesNotMatch(hit!.explanation, /dialplan show/);
    assert.match(hit!.explanation, /Check context from-trunk"; rm -rf \/ #, where/);
  });
});
