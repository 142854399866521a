import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerNoPermit as check } from '../../../src/audit/checks/manager-no-permit.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('manager-no-permit', () => {
  it('a user with no permit=', () => {
    const hits = runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\n[admin]\nsecret=x\n[ok]\nsecret=y\npermit=127.0.0.1/255.255.255.255\n' }));
    assert.deepEqual(hits.map((h) => h.line), [3]);
  });
  it('not when AMI is off', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=no\n[admin]\nsecret=x\n' })), []);
  });
});
