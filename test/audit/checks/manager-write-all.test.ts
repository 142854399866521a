import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerWriteAll as check } from '../../../src/audit/checks/manager-write-all.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('manager-write-all', () => {
  it('write = all (also within a list)', () => {
    const hits = runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\n[a]\nwrite=all\n[b]\nwrite = call, all\n[c]\nwrite=system,call\n' }));
    assert.deepEqual(hits.map((h) => h.line), [4, 6]);
  });
  it('not for listed classes', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'manager.conf': '[general]\nenabled=yes\n[c]\nwrite=system,call,command\n' })), []);
  });
});
