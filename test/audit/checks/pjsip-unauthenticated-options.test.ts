import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pjsipUnauthenticatedOptions as check } from '../../../src/audit/checks/pjsip-unauthenticated-options.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('pjsip-unauthenticated-options', () => {
  it('one finding for a template line, naming every endpoint it covers', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': '[tpl](!)\ntype=endpoint\nallow_unauthenticated_options=yes\n[1001](tpl)\nauth=a\n[1002](tpl)\nauth=b\n' }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 3);
    assert.match(hits[0]!.title, /2 PJSIP endpoints \("1001", "1002"\) answer OPTIONS/);
  });
  it('not when a later line turns it off, nor by default', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': '[tpl](!)\ntype=endpoint\nallow_unauthenticated_options=yes\n[1001](tpl)\nallow_unauthenticated_options=no\n[1002]\ntype=endpoint\n' })), []);
  });
});
