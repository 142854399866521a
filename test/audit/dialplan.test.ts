// The dialplan model, patterns, what priorities do, and the walk.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysePriority, maskCredentials, showPriority } from '../../src/audit/pbx/apps.js';
import { matches, mostSpecific } from '../../src/audit/pbx/pattern.js';
import { resolve, walk } from '../../src/audit/pbx/walk.js';
import { pbxOf } from '../helpers/audit.js';

const env = { globals: new Map([['TRUNK', 'DAHDI/G2']]), isTrunkPeer: (n: string) => n === 'carrier' };

describe('extension patterns', () => {
  it('X Z N, sets, ranges, . and !, dashes ignored, literals exact', () => {
    assert.ok(matches('_1NXXNXXXXXX', '12125551234'));
    assert.ok(!matches('_1NXXNXXXXXX', '11125551234'));
    assert.ok(matches('_[1-5]XX', '499') && !matches('_[1-5]XX', '699'));
    assert.ok(matches('_011.', '0114930') && !matches('_011.', '011'));
    assert.ok(matches('_011!', '011'));
    assert.ok(matches('_1-800-NXX-XXXX', '18005551234'));
    assert.ok(matches('2125550104', '2125550104') && !matches('2125550104', '212555010'));
  });
  it('the most specific of several matching patterns wins, as in Asterisk', () => {
    const exts = [{ name: '_X.' }, { name: '_1NXXNXXXXXX' }, { name: '_1900NXXXXXX' }];
    assert.equal(mostSpecific(exts)!.name, '_1900NXXXXXX');
    assert.equal(mostSpecific(exts.slice(0, 2))!.name, '_1NXXNXXXXXX');
  });
});

describe('what a priority does', () => {
  it('Goto forms, GotoIf branches (variables in the condition), Gosub with arguments, Macro', () => {
    assert.deepEqual(analysePriority('Goto', 'outbound,${EXTEN},1', env), [{ kind: 'jump', app: 'Goto', context: 'outbound', exten: { kind: 'expr', expr: '${EXTEN}' }, subroutine: false, newChannel: false }]);
    assert.deepEqual(analysePriority('Goto', 's,1', env).map((m) => m.kind === 'jump' && [m.context, m.exten]), [[null, { kind: 'literal', value: 's' }]]);
    assert.deepEqual(analysePriority('Goto', '3', env), []);
    const gotoif = analysePriority('GotoIf', '${DB_EXISTS(tollguard/lock/${X})}?tollguard-locked,s,1:ok,${EXTEN},1', env);
    assert.deepEqual(gotoif.map((m) => m.kind === 'jump' && m.context), ['tollguard-locked', 'ok']);
    assert.deepEqual(analysePriority('Gosub', 'dundi-e164,s,1(${EXTEN:4})', env).map((m) => m.kind === 'jump' && [m.context, m.subroutine]), [['dundi-e164', true]]);
    assert.deepEqual(analysePriority('Macro', 'stdexten,1001', env).map((m) => m.kind === 'jump' && m.context), ['macro-stdexten']);
    assert.deepEqual(analysePriority('Goto', '${CTX},s,1', env).map((m) => m.kind), ['opaque']);
  });
  it('Dial: trunks in every form (globals substituted), Local channels, phones are not trunks', () => {
    const kinds = (data: string) => analysePriority('Dial', data, env).map((m) => (m.kind === 'trunk' ? `trunk:${m.target}` : m.kind === 'jump' ? `local:${m.context}` : m.kind));
    assert.deepEqual(kinds('PJSIP/${EXTEN}@carrier,60'), ['trunk:PJSIP/${EXTEN}@carrier']);
    assert.deepEqual(kinds('PJSIP/carrier/sip:${EXTEN}@203.0.113.10'), ['trunk:PJSIP/carrier/sip:${EXTEN}@203.0.113.10']);
    assert.deepEqual(kinds('SIP/carrier/${EXTEN}'), ['trunk:SIP/carrier/${EXTEN}']);
    assert.deepEqual(kinds('IAX2/user:s3cret@example.com/${EXTEN}@ctx'), ['trunk:IAX2/user:…@example.com/${EXTEN}@ctx']);
    assert.deepEqual(kinds('${TRUNK}/${EXTEN:1},30'), ['trunk:DAHDI/G2/${EXTEN:1}']);
    assert.deepEqual(kinds('${GLOBAL(TRUNK)}/${EXTEN:1}'), ['trunk:DAHDI/G2/${EXTEN:1}']);
    assert.deepEqual(kinds('Local/0115351234567@outbound/n,30'), ['local:outbound']);
    assert.deepEqual(kinds('PJSIP/1001&PJSIP/1002,20'), []);
    assert.deepEqual(kinds('SIP/${EXTEN}'), []);
  });
  it('DISA, ExecIf, AGI; secrets masked when shown', () => {
    assert.deepEqual(analysePriority('DISA', 'no-password,outbound', env), [{ kind: 'disa', context: 'outbound', password: false }]);
    assert.deepEqual(analysePriority('DISA', '1234', env), [{ kind: 'disa', context: 'disa', password: true }]);
    assert.deepEqual(analysePriority('ExecIf', '$[1]?Goto(x,s,1):NoOp()', env).map((m) => m.kind === 'jump' && m.context), ['x']);
    assert.deepEqual(analysePriority('AGI', 'x.agi', env).map((m) => m.kind), ['opaque']);
    assert.equal(showPriority('DISA', '7391,outbound'), 'DISA(…,outbound)');
    assert.equal(showPriority('Dial', 'IAX2/bob:pa55@host/123&SIP/x'), 'Dial(IAX2/bob:…@host/123&SIP/x)');
    assert.equal(maskCredentials('bob@host'), 'bob@host');
  });
  it('${EXTEN} and ${EXTEN:offset:length} against a fixed number', () => {
    const fixed = { kind: 'fixed', value: '90114930' } as const;
    assert.deepEqual(resolve({ kind: 'expr', expr: '${EXTEN:1}' }, fixed), { kind: 'fixed', value: '0114930' });
    assert.deepEqual(resolve({ kind: 'expr', expr: '+${EXTEN:-4:2}' }, fixed), { kind: 'fixed', value: '+49' });
    assert.deepEqual(resolve({ kind: 'expr', expr: '${OTHER}' }, fixed), { kind: 'unknown', expr: '${OTHER}' });
  });
});

describe('the walk', () => {
  it('includes are searched only when the context has no match of its own, for a fixed number', () => {
    const pbx = pbxOf({ 'extensions.conf': '[a]\nexten => 100,1,Dial(PJSIP/100)\ninclude => b\n[b]\nexten => _X.,1,Dial(PJSIP/${EXTEN}@carrier)\n' });
    assert.equal(pbx.walkFrom('a', { kind: 'fixed', value: '100' }).hits.length, 0);
    assert.equal(pbx.walkFrom('a', { kind: 'fixed', value: '200' }).hits.length, 1);
  });
  it('the lock check before a Goto marks the path; Gosub keeps the CDR\'s dcontext', () => {
    const pbx = pbxOf({ 'extensions.conf': '[in]\nexten => _X.,1,GotoIf(${DB_EXISTS(tollguard/lock/${X})}?tollguard-locked,s,1)\n same => n,Gosub(sub,${EXTEN},1)\n[sub]\nexten => _X.,1,Dial(PJSIP/${EXTEN}@carrier)\n[tollguard-locked]\nexten => s,1,Congestion()\n' });
    const [hit] = pbx.walkFrom('in').hits;
    assert.equal(hit!.lockChecked, true);
    assert.equal(hit!.dcontext, 'in');
    assert.equal(hit!.context, 'sub');
  });
  it('loops in the dialplan end; a state limit ends a huge walk and says so', () => {
    const looping = pbxOf({ 'extensions.conf': '[a]\ninclude => b\n[b]\ninclude => a\nexten => _X.,1,Goto(a,${EXTEN},1)\n' });
    assert.deepEqual(looping.walkFrom('a').hits, []);
    const cut = walk(looping.dialplan, 'a', { globals: new Map(), isTrunkPeer: () => false, isLockCheck: () => false, maxStates: 1 });
    assert.equal(cut.truncated, true);
  });
});
