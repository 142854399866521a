import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { liveSuspiciousRoute } from '../../../src/detection/live/rules/suspicious-route.js';
import { trunkCaller } from '../../../src/enrichment/caller.js';
import { check, domestic, liveCall, liveExt } from '../../helpers/live-views.js';

describe('live rule live-suspicious-route', () => {
  it('a PSTN caller sent out again through the trunk to +882: critical, names the context, no extension to lock', () => {
    const { key, caller } = trunkCaller('pstn-in', 'from-trunk');
    const hit = check(liveSuspiciousRoute, liveExt([liveCall()], { extension: key, caller }));
    assert.equal(hit?.severity, 'critical');
    assert.match(hit!.explanation, /came in from the PSTN and is leaving again through the trunk with no extension behind it \(from-trunk via pstn-in\)/);
    assert.match(hit!.explanation, /Check context from-trunk/);
  });
  it('a trunk call to a domestic number, or an allowed forward: nothing', () => {
    const { key, caller } = trunkCaller('pstn-in', 'from-trunk');
    assert.equal(check(liveSuspiciousRoute, liveExt([domestic()], { extension: key, caller })), null);
    assert.equal(check(liveSuspiciousRoute, liveExt([liveCall({ allowedForward: true })], { extension: key, caller })), null);
  });
  it('a guest endpoint reaching the trunk from context guest: critical; an extension from its own context: nothing', () => {
    assert.match(check(liveSuspiciousRoute, liveExt([liveCall({ suspiciousContext: 'guest' })], { extension: 'anonymous' }))!.title, /Trunk reached now from context guest/);
    assert.equal(check(liveSuspiciousRoute, liveExt([liveCall()])), null);
  });
  it('a context name with control characters is printed cleaned', () => {
    const hit = check(liveSuspiciousRoute, liveExt([liveCall({ suspiciousContext: 'evil\x1b[31m\ncontext' })]));
    assert.doesNotMatch(hit!.title + hit!.explanation, /[\x00-\x1f]/);
  });
});
