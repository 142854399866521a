import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sipInsecureInvite as check } from '../../../src/audit/checks/sip-insecure-invite.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('sip-insecure-invite', () => {
  it('insecure=invite on a friend, critical when its context reaches a trunk', () => {
    const hits = runCheck(check, pbxOf({ 'sip.conf': '[general]\nallowguest=no\n[2001]\ntype=friend\nhost=dynamic\nsecret=Gq8vN2wPz5Lr7Tk3\ninsecure=port,invite\ncontext=from-internal\n', 'extensions.conf': `[from-internal]\ninclude => outbound\n${OUTBOUND}` }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 7);
    assert.equal(severityOf(hits[0]!, check), 'critical');
  });
  it('not on a type=peer trunk with a fixed host', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'sip.conf': '[general]\nallowguest=no\n[carrier]\ntype=peer\nhost=203.0.113.10\ninsecure=invite\ncontext=from-trunk\n' })), []);
  });
});
