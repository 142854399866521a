import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerTollguardUser as check } from '../../../src/audit/checks/manager-tollguard-user.js';
import { pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

const manager = '[general]\nenabled=yes\nbindaddr=127.0.0.1\n[tollguard]\nsecret=x\nwrite=call,command\n[full]\nsecret=y\nwrite=system,call,command\n';

describe('manager-tollguard-user', () => {
  it('the AMI user tollguard logs in as lacks write = system (the lab\'s "tgnosystem" case)', () => {
    const hits = runCheck(check, pbxOf({ 'manager.conf': manager }, { amiUsername: 'tollguard', lockoutMode: 'enforce' }));
    assert.equal(hits.length, 1);
    assert.equal(severityOf(hits[0]!, check), 'warning');
    assert.match(hits[0]!.title, /lacks write = system/);
    assert.match(hits[0]!.explanation, /DBPut and DBDel/);
  });
  it('a missing user, and AMI turned off', () => {
    assert.match(runCheck(check, pbxOf({ 'manager.conf': manager }, { amiUsername: 'nobody', lockoutMode: 'enforce' }))[0]!.title, /is not in manager.conf/);
    assert.match(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=no\n' }, { amiUsername: 'tollguard', lockoutMode: 'enforce' }))[0]!.title, /AMI is off/);
  });
  it('nothing for a user with system, call and command, or without AMI_USERNAME', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': manager }, { amiUsername: 'full', lockoutMode: 'enforce' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': manager })), []);
  });
});
