import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerExposed as check } from '../../../src/audit/checks/manager-exposed.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('manager-exposed', () => {
  it('AMI enabled on 0.0.0.0, or with no bindaddr (every address by default)', () => {
    assert.equal(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\nbindaddr=0.0.0.0\n' }))[0]!.line, 3);
    assert.match(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\n' }))[0]!.explanation, /every address/);
  });
  it('not on loopback, nor when AMI is off (the sample: enabled = no, bindaddr = 0.0.0.0)', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\nbindaddr=127.0.0.1\n' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled = no\nbindaddr = 0.0.0.0\n' })), []);
  });
});
