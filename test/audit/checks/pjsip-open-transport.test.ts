import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pjsipOpenTransport as check } from '../../../src/audit/checks/pjsip-open-transport.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

const transport = (bind: string) => `[t]\ntype=transport\nprotocol=udp\nbind=${bind}\n`;

describe('pjsip-open-transport', () => {
  it('fires on 0.0.0.0 and [::] with no ACL', () => {
    for (const bind of ['0.0.0.0', '0.0.0.0:5060', '[::]:5060']) {
      const hits = runCheck(check, pbxOf({ 'pjsip.conf': transport(bind) }));
      assert.equal(hits.length, 1, bind);
      assert.equal(hits[0]!.line, 4);
    }
  });
  it('not with a type=acl section, on one address, or with an ACL on every endpoint', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': `${transport('0.0.0.0')}[acl]\ntype=acl\ndeny=0.0.0.0/0.0.0.0\npermit=192.0.2.0/24\n` })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': transport('192.0.2.10:5060') })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': `${transport('0.0.0.0')}[1001]\ntype=endpoint\nauth=x\npermit=192.0.2.0/24\n` })), []);
  });
});
