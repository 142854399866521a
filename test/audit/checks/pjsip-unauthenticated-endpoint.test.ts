import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pjsipUnauthenticatedEndpoint as check } from '../../../src/audit/checks/pjsip-unauthenticated-endpoint.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('pjsip-unauthenticated-endpoint', () => {
  it('the anonymous endpoint is critical when its context reaches a trunk, a warning when it does not', () => {
    const pjsip = '[anonymous]\ntype=endpoint\ncontext=guest\n';
    const open = runCheck(check, pbxOf({ 'pjsip.conf': pjsip, 'extensions.conf': `[guest]\ninclude => outbound\n${OUTBOUND}` }));
    assert.equal(open.length, 1);
    assert.equal(severityOf(open[0]!, check), 'critical');
    assert.equal(open[0]!.line, 1);
    assert.match(open[0]!.explanation, /reaches a trunk: \(1\) \[guest\] include => outbound/);
    const closed = runCheck(check, pbxOf({ 'pjsip.conf': pjsip, 'extensions.conf': '[guest]\nexten => 100,1,Dial(PJSIP/100)\n' }));
    assert.equal(severityOf(closed[0]!, check), 'warning');
    assert.match(closed[0]!.explanation, /no way to a trunk/);
  });

  it('not when res_pjsip_endpoint_identifier_anonymous does not load', () => {
    const hits = runCheck(check, pbxOf({ 'modules.conf': '[modules]\nautoload=yes\nnoload => res_pjsip_endpoint_identifier_anonymous.so\n', 'pjsip.conf': '[anonymous]\ntype=endpoint\ncontext=guest\n' }));
    assert.deepEqual(hits, []);
  });

  it('an endpoint identified by 0.0.0.0/0, and one with no auth= found by user name', () => {
    const pjsip = '[open]\ntype=endpoint\ncontext=x\nidentify_by=ip\n[open]\ntype=identify\nendpoint=open\nmatch=0.0.0.0/0\n\n[noauth]\ntype=endpoint\ncontext=x\n';
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': pjsip }));
    assert.deepEqual(hits.map((h) => h.title.match(/"(\w+)"/)![1]), ['open', 'noauth']);
    assert.match(hits[0]!.explanation, /0\.0\.0\.0\/0, i\.e\. from anywhere/);
    assert.match(hits[1]!.explanation, /anyone who sends From: noauth/);
    assert.match(hits[1]!.fix, /identify_by=ip/);
  });

  it('nothing for a phone with auth= or a carrier identified by its address only', () => {
    const pjsip = '[1001]\ntype=endpoint\nauth=1001\n[1001]\ntype=auth\npassword=Gq8vN2wPz5Lr7Tk3Hx9m\n[carrier]\ntype=endpoint\nidentify_by=ip\n[carrier]\ntype=identify\nendpoint=carrier\nmatch=203.0.113.10\n';
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': pjsip })), []);
  });
});
