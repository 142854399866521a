import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialplanDisa as check } from '../../../src/audit/checks/dialplan-disa.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('dialplan-disa', () => {
  it('DISA(no-password,...) into a context that reaches a trunk is critical; DISA into nowhere a warning', () => {
    const hits = runCheck(check, pbxOf({ 'extensions.conf': `[ivr]\nexten => 9,1,DISA(no-password,outbound)\nexten => 8,1,DISA(,nowhere)\n${OUTBOUND}` }));
    assert.deepEqual(hits.map((h) => [h.line, severityOf(h, check)]), [[2, 'critical'], [3, 'warning']]);
  });
  it('not with a passcode or a passcode file', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'extensions.conf': `[ivr]\nexten => 9,1,DISA(73918264,outbound)\nexten => 8,1,DISA(/etc/asterisk/disa.txt)\n${OUTBOUND}` })), []);
  });
});
