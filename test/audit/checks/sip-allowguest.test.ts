import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sipAllowguest as check } from '../../../src/audit/checks/sip-allowguest.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('sip-allowguest', () => {
  it('chan_sip takes guests by default, into [general]\'s context; critical when it reaches a trunk', () => {
    const hits = runCheck(check, pbxOf({ 'sip.conf': '[general]\ncontext=public\n', 'extensions.conf': `[public]\ninclude => outbound\n${OUTBOUND}` }));
    assert.equal(hits.length, 1);
    assert.equal(severityOf(hits[0]!, check), 'critical');
    assert.match(hits[0]!.explanation, /allowguest is yes by default.*Guest calls start in context "public"/);
  });
  it('not with allowguest=no, nor when chan_sip does not load', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'sip.conf': '[general]\nallowguest=no\n' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'sip.conf': '[general]\n', 'modules.conf': '[modules]\nautoload=yes\nnoload=chan_sip.so\n' })), []);
  });
});
