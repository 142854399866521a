import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpExposed as check } from '../../../src/audit/checks/http-exposed.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('http-exposed', () => {
  it('the HTTP server on 0.0.0.0, naming ARI and its users', () => {
    const hits = runCheck(check, pbxOf({ 'http.conf': '[general]\nenabled=yes\nbindaddr=0.0.0.0\ntlsenable=yes\n', 'ari.conf': '[general]\nenabled=yes\n[app]\ntype=user\npassword=x\n' }));
    assert.equal(hits.length, 1);
    assert.match(hits[0]!.explanation, /serving ARI \(1 user\).*TLS is enabled too/);
  });
  it('not on loopback (the sample http.conf) or when disabled', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'http.conf': '[general]\nenabled=yes\nbindaddr=127.0.0.1\n' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'http.conf': '[general]\nenabled=no\nbindaddr=0.0.0.0\n' })), []);
  });
});
