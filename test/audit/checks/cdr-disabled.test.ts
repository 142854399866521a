import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdrDisabled as check } from '../../../src/audit/checks/cdr-disabled.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('cdr-disabled', () => {
  it('enable=no, and the backend tollguard reads kept from loading', () => {
    assert.match(runCheck(check, pbxOf({ 'cdr.conf': '[general]\nenable=no\n' }))[0]!.title, /CDRs are turned off/);
    const hits = runCheck(check, pbxOf({ 'cdr.conf': '[general]\n', 'modules.conf': '[modules]\nautoload=yes\nnoload => cdr_csv.so\n' }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 3);
    assert.equal(runCheck(check, pbxOf({ 'modules.conf': '[modules]\nautoload=no\nload => cdr_csv.so\n' }, { cdrSource: 'postgres' })).length, 1);
  });
  it('a MySQL source depends on cdr_adaptive_odbc (FreePBX), not cdr_csv', () => {
    const modules = { 'modules.conf': '[modules]\nautoload=yes\nnoload => cdr_adaptive_odbc.so\nnoload => cdr_csv.so\n' };
    const hits = runCheck(check, pbxOf(modules, { cdrSource: 'mysql' }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 3);
    assert.match(hits[0]!.explanation, /MySQL\/MariaDB/);
    assert.match(hits[0]!.fix, /module load cdr_adaptive_odbc\.so/);
  });
  it('not with CDRs on and the backend loaded', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'cdr.conf': '[general]\nenable=yes\n', 'modules.conf': '[modules]\nautoload=yes\n' })), []);
  });
});
