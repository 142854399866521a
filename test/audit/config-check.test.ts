// `tollguard config check` against the PBX's configuration (AUDIT_ETC).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contradictions } from '../../src/audit/consistency.js';
import { runCli } from '../helpers/cli.js';
import { OUTBOUND, pbxOf, SAMPLE_CONFIGS } from '../helpers/audit.js';

const phones = '[2001]\ntype=endpoint\nauth=a\ncontext=from-internal\n[visitor]\ntype=endpoint\ncontext=lobby\n';

describe('config check against the PBX', () => {
  it('a context the phones\' trunk calls are recorded in that INTERNAL_CONTEXTS misses, and one shared with unauthenticated callers', () => {
    const ext = `[from-internal]\nexten => _X.,1,Goto(long-distance,\${EXTEN},1)\n[long-distance]\ninclude => outbound\n[lobby]\nexten => _X.,1,Goto(outbound,\${EXTEN},1)\n${OUTBOUND}`;
    const found = contradictions(pbxOf({ 'pjsip.conf': phones, 'extensions.conf': ext }), ['anonymous']);
    assert.equal(found.length, 2);
    assert.match(found[0]!, /INTERNAL_CONTEXTS does not list "long-distance".*PJSIP\/2001/);
    assert.match(found[1]!, /INTERNAL_CONTEXTS lists "outbound", but calls nobody authenticated reach the trunk recorded in it too \(PJSIP endpoint "visitor"/);
    // The anonymous endpoint is caught by name (guestEndpoints), whatever its dcontext.
    assert.equal(contradictions(pbxOf({ 'pjsip.conf': phones.replace('[visitor]', '[anonymous]'), 'extensions.conf': ext.replace('[lobby]', '[lobby]') }), ['anonymous', 'visitor']).length, 1);
  });

  it('nothing when they agree', () => {
    const ext = `[from-internal]\nexten => _X.,1,Goto(outbound,\${EXTEN},1)\n${OUTBOUND}`;
    assert.deepEqual(contradictions(pbxOf({ 'pjsip.conf': phones, 'extensions.conf': ext, 'cdr.conf': '[csv]\nusegmtime=no\n' }), []), []);
  });

  it('through the CLI: the sample cdr.conf writes UTC while CDR_USE_GMT is no; exit status stays 0', async () => {
    const r = await runCli(['config', 'check'], { env: { AUDIT_ETC: SAMPLE_CONFIGS } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: cdr_csv writes UTC but tollguard reads local time \(cdr.conf:173\): Set CDR_USE_GMT=yes/);
    const agreed = await runCli(['config', 'check'], { env: { AUDIT_ETC: SAMPLE_CONFIGS, CDR_USE_GMT: 'yes' } });
    assert.doesNotMatch(agreed.stderr, /warning/);
    const missing = await runCli(['config', 'check'], { env: { AUDIT_ETC: '/nonexistent/asterisk' } });
    assert.equal(missing.status, 0);
    assert.match(missing.stderr, /could not compare the settings with the PBX's configuration in \/nonexistent\/asterisk: .*no such folder/);
  });
});
