import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdrGmt as check } from '../../../src/audit/checks/cdr-gmt.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('cdr-gmt', () => {
  it('the sample cdr.conf writes UTC while CDR_USE_GMT is no, and the other way round', () => {
    assert.match(runCheck(check, pbxOf({ 'cdr.conf': '[csv]\nusegmtime=yes\n' }, { cdrGmt: false }))[0]!.fix, /CDR_USE_GMT=yes/);
    assert.match(runCheck(check, pbxOf({ 'cdr.conf': '[general]\n' }, { cdrGmt: true }))[0]!.fix, /CDR_USE_GMT=no/);
  });
  it('not when they agree, or when tollguard reads PostgreSQL', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'cdr.conf': '[csv]\nusegmtime=yes\n' }, { cdrGmt: true })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'cdr.conf': '[csv]\nusegmtime=yes\n' }, { cdrSource: 'postgres' })), []);
  });
});
