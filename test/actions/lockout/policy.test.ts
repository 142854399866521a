import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelRegex, escapeRegex, extensionProblem } from '../../../src/actions/lockout/extension.js';
import { dayEndIn, planLockouts, type LockoutPolicy } from '../../../src/actions/lockout/policy.js';
import type { Finding, Severity } from '../../../src/detection/rule.js';
import { PbxClock } from '../../../src/time/pbx-clock.js';

/** Asterisk strips the slashes and compiles the rest; JS RegExp agrees on this subset. */
function matches(ext: string, channel: string): boolean {
  return new RegExp(channelRegex(ext).slice(1, -1)).test(channel);
}

test('escapes regex metacharacters so a name matches only itself', () => {
  assert.equal(escapeRegex('a.b'), 'a\\.b');
  assert.equal(channelRegex('1001'), '/^(PJSIP|SIP|IAX2)\\/1001-[0-9a-f]+$/');
  const cases: [string, string, string][] = [
    ['a.b', 'PJSIP/a.b-0000002a', 'PJSIP/axb-0000002a'],
    ['x|y', 'PJSIP/x|y-0000002a', 'PJSIP/y-0000002a'],
    ['(1)', 'SIP/(1)-00000001', 'SIP/1-00000001'],
    ['1001-x', 'PJSIP/1001-x-0000002a', 'PJSIP/1001-0000002a'],
    ['.*', 'PJSIP/.*-0000002a', 'PJSIP/1001-0000002a'],
    ['a+b', 'IAX2/a+b-123', 'IAX2/aab-123'],
    ['[12]', 'PJSIP/[12]-0000002a', 'PJSIP/1-0000002a'],
    ['x$^y', 'PJSIP/x$^y-0000002a', 'PJSIP/xy-0000002a'],
    ['back\\slash', 'PJSIP/back\\slash-0000002a', 'PJSIP/backslash-0000002a'],
  ];
  // Names with regex metacharacters are refused as extensions (below); the escape alone still holds for them.
  const escaped = (ext: string, channel: string) => new RegExp(`^(PJSIP|SIP|IAX2)\\/${escapeRegex(ext)}-[0-9a-f]+$`).test(channel);
  for (const [ext, hit, miss] of cases) {
    assert.ok(escaped(ext, hit), `${ext} should match ${hit}`);
    assert.ok(!escaped(ext, miss), `${ext} must not match ${miss}`);
    if (extensionProblem(ext) === null) {
      assert.ok(matches(ext, hit), `${ext} should match ${hit}`);
      assert.ok(!matches(ext, miss), `${ext} must not match ${miss}`);
    } else assert.throws(() => channelRegex(ext), /refused/);
  }
  assert.ok(matches('a.b', 'PJSIP/a.b-0000002a') && !matches('a.b', 'PJSIP/axb-0000002a'));
  assert.ok(matches('a+b', 'IAX2/a+b-123') && !matches('a+b', 'IAX2/aab-123'));
  // Locking 1001 leaves another endpoint whose name starts with 1001- alone.
  assert.ok(matches('1001', 'IAX2/1001-15144'));
  assert.ok(!matches('1001', 'PJSIP/1001-fax-0000002a'));
  assert.ok(!matches('1001', 'PJSIP/10010-0000002a'));
  assert.ok(!matches('1001', 'Local/1001@from-internal-0000002a;1'));
});

test('hostile names from CDR channel fields are refused', () => {
  const hostile = ['1001\r\nAction: Originate', '1001\nChannel: /.*/', '1001\0', '1001\x1b[2J', '../../lock', 'tollguard/lock/1002', '1001:x', ' 1001', '', '*', 'x'.repeat(81)];
  for (const ext of hostile) {
    assert.notEqual(extensionProblem(ext), null, JSON.stringify(ext));
    assert.throws(() => channelRegex(ext), /refused/);
  }
  for (const ok of ['1001', 'alice.smith', '1001-fax', 'sales+1', 'bob@branch', 'a=b~c', '_x', 'Zoë', '1007']) assert.equal(extensionProblem(ok), null, ok);
  // What no Asterisk endpoint is called: ";" (a configuration comment, a shell separator), spaces, quotes, shell and glob characters.
  for (const bad of ['1007;rm -rf', '1007;rm -rf /', 'front desk', "o'brien", 'a"b', '$(id)', '`id`', 'x|y', '(1)', '.*', '[12]', '-1007', '.hidden', 'bang!', 'a*', 'a#b', 'a\\b', 'zero\u200bwidth', 'evil\u202Egnp']) {
    assert.notEqual(extensionProblem(bad), null, JSON.stringify(bad));
  }
});

const UTC = new PbxClock('UTC');
const dayEnd = dayEndIn(UTC);
const policy: LockoutPolicy = { rules: [], minSeverity: 'critical', neverLock: ['1000'], maxPerRun: 2, maxFindingAgeHours: 24 };

function finding(extension: string, day: string, severity: Severity = 'critical', cost = 10, rule = 'irsf-burst'): Finding {
  return { extension, day, severity, rule, title: `calls to +882 from ${extension}`, explanation: '', estimatedCost: cost, currency: 'USD', evidence: {}, fingerprint: `${rule}:${extension}:${day}` };
}

test('findings older than maxFindingAgeHours never lock, judged against the given now', () => {
  const findings = [finding('1001', '2026-11-25'), finding('1002', '2026-11-24')];
  // The 25th ended at 2026-11-26T00:00Z; the 24th 24 h earlier.
  const now = new Date('2026-11-26T23:00:00Z');
  const plan = planLockouts(findings, now, policy, new Set(), dayEnd);
  assert.deepEqual(plan.lock.map((l) => l.extension), ['1001']);
  assert.equal(plan.skipped.length, 1);
  assert.equal(plan.skipped[0]!.extension, '1002');
  assert.match(plan.skipped[0]!.why, /finding of 2026-11-24 is 47 h old; only findings up to 24 h old lock/);
  // A month later, nothing locks.
  assert.equal(planLockouts(findings, new Date('2026-12-26T00:00:00Z'), policy, new Set(), dayEnd).lock.length, 0);
  // The age is reckoned from the end of the local day in the PBX zone.
  const ny = dayEndIn(new PbxClock('America/New_York'));
  assert.equal(ny('2026-11-25'), Date.parse('2026-11-26T05:00:00Z'));
  assert.equal(planLockouts([finding('1002', '2026-11-25')], new Date('2026-11-27T04:30:00Z'), policy, new Set(), ny).lock.length, 1);
  assert.equal(planLockouts([finding('1002', '2026-11-25')], new Date('2026-11-27T05:30:00Z'), policy, new Set(), ny).lock.length, 0);
});

test('caps at maxPerRun keeping the most severe and costly; the rest are skipped by the safety valve', () => {
  const findings = [finding('1001', '2026-11-25', 'critical', 5), finding('1002', '2026-11-25', 'critical', 500), finding('1003', '2026-11-25', 'critical', 50), finding('1004', '2026-11-25', 'critical', 1)];
  const plan = planLockouts(findings, new Date('2026-11-26T01:00:00Z'), policy, new Set(), dayEnd);
  assert.deepEqual(plan.lock.map((l) => l.extension), ['1002', '1003']);
  assert.deepEqual(plan.skipped.map((s) => [s.extension, s.why]), [
    ['1001', 'safety valve: at most 2 lockouts per run'],
    ['1004', 'safety valve: at most 2 lockouts per run'],
  ]);
  assert.equal(plan.lock[0]!.reason, 'irsf-burst (critical) on 2026-11-25: calls to +882 from 1002');
});

test('exempt, already locked, not an extension, rule and severity filters', () => {
  const now = new Date('2026-11-26T01:00:00Z');
  const findings = [
    finding('1000', '2026-11-25'),
    finding('1001', '2026-11-25'),
    finding('*', '2026-11-25', 'critical', 900, 'pbx-cost-cap'),
    finding('1003', '2026-11-25', 'warning', 900),
    finding('1004', '2026-11-25', 'critical', 9, 'night-calls'),
    finding('1005\r\nAction: Originate', '2026-11-25'),
  ];
  const plan = planLockouts(findings, now, { ...policy, maxPerRun: 10 }, new Set(['1001']), dayEnd);
  assert.deepEqual(plan.lock.map((l) => l.extension), ['1004']);
  const why = Object.fromEntries(plan.skipped.map((s) => [s.extension, s.why]));
  assert.equal(why['1000'], 'never locked (lockout.neverLock)');
  assert.equal(why['1001'], 'already locked');
  assert.equal(why['*'], 'a PBX-wide finding, no single extension to lock');
  assert.equal(why['1005\r\nAction: Originate'], 'refused: contains a control character');
  assert.equal(why['1003'], undefined); // warnings are not candidates at all
  const onlyIrsf = planLockouts(findings, now, { ...policy, rules: ['irsf-burst'], minSeverity: 'warning', maxPerRun: 10 }, new Set(), dayEnd);
  assert.deepEqual(onlyIrsf.lock.map((l) => l.extension), ['1001', '1003']); // critical before warning, whatever the cost
});

test('one lock per extension, decided by its worst finding', () => {
  const findings = [finding('1001', '2026-11-25', 'critical', 5, 'a'), finding('1001', '2026-11-25', 'critical', 50, 'b')];
  const plan = planLockouts(findings, new Date('2026-11-26T01:00:00Z'), policy, new Set(), dayEnd);
  assert.deepEqual(plan.lock.map((l) => [l.extension, l.rule]), [['1001', 'b']]);
  assert.equal(plan.skipped.length, 0);
});

test('calls no extension made never lock a trunk; a forward locks the extension that owns it', () => {
  const now = new Date('2026-11-26T06:00:00Z');
  const caller = { kind: 'trunk' as const, label: 'from-trunk via pstn-in', trunk: 'pstn-in', context: 'from-trunk', forwardOf: null, localContext: null, extension: null, riskyCalls: 3, allowedCalls: 0 };
  const hairpin = { ...finding('trunk:pstn-in@from-trunk', '2026-11-25', 'critical', 50), caller };
  const forward = { ...finding('fwd:1004', '2026-11-25', 'critical', 40), caller: { ...caller, kind: 'forward' as const, label: 'forward of extension 1004', forwardOf: '1004', extension: '1004' } };
  // A trunk recognised from the CDRs keeps its plain key: its caller still says it is a trunk.
  const recognised = { ...finding('telco', '2026-11-25', 'critical', 30), caller: { ...caller, label: 'trunk telco, dialling out on its own channel', trunk: 'telco', context: null } };
  const bare = finding('trunk:other@from-pstn', '2026-11-25', 'critical', 20);
  const plan = planLockouts([hairpin, forward, recognised, bare], now, { ...policy, maxPerRun: 10 }, new Set(), dayEnd);
  assert.deepEqual(plan.lock.map((l) => [l.extension, l.finding.extension]), [['1004', 'fwd:1004']]);
  assert.deepEqual(plan.skipped.map((s) => s.extension), ['trunk:pstn-in@from-trunk', 'telco', 'trunk:other@from-pstn']);
  assert.match(plan.skipped[0]!.why, /not an extension \(a trunk: from-trunk via pstn-in\)/);
});

test('an unlock acknowledged the evidence: only more calls, more cost or another rule lock again', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const ack = { rules: ['irsf-burst', 'cost-cap'], calls: 40, cost: 100 };
  const calls = new Map([['1001', 40], ['1002', 41], ['1003', 40], ['1004', 40]]);
  const held = { acks: new Map(['1001', '1002', '1003', '1004'].map((e) => [e, new Map([['2026-11-25', ack]])])), exemptUntil: new Map<string, string>(), callsOf: (f: Finding) => calls.get(f.extension) ?? 0 };
  const findings = [
    finding('1001', '2026-11-25', 'critical', 100), // the same as acknowledged
    finding('1002', '2026-11-25', 'critical', 100), // one more call
    finding('1003', '2026-11-25', 'critical', 100.5), // more cost
    finding('1004', '2026-11-25', 'critical', 20, 'premium-rate'), // a rule not acknowledged
    finding('1001', '2026-11-24', 'critical', 5), // another day, never acknowledged: too old anyway
  ];
  const plan = planLockouts(findings, now, { ...policy, maxPerRun: 10, maxFindingAgeHours: 48 }, new Set(), dayEnd, held);
  assert.deepEqual(plan.lock.map((l) => l.extension).sort(), ['1001', '1002', '1003', '1004']);
  assert.equal(plan.lock.find((l) => l.extension === '1001')!.finding.day, '2026-11-24', "1001's acknowledged finding is passed over, its other one is new");
  const only = planLockouts(findings.slice(0, 1), now, policy, new Set(), dayEnd, held);
  assert.deepEqual(only.lock, []);
  assert.match(only.skipped[0]!.why, /acknowledged when an admin removed its lock/);
});

test('an exemption (lockout remove --for) keeps the extension unlocked until it ends', () => {
  const held = { acks: new Map(), exemptUntil: new Map([['1001', '2026-11-25T18:00:00Z']]), callsOf: () => 0 };
  const f = [finding('1001', '2026-11-25')];
  const during = planLockouts(f, new Date('2026-11-25T17:59:00Z'), policy, new Set(), dayEnd, held);
  assert.deepEqual(during.lock, []);
  assert.match(during.skipped[0]!.why, /exempt from automatic locks until 2026-11-25T18:00:00Z/);
  assert.deepEqual(planLockouts(f, new Date('2026-11-25T18:00:01Z'), policy, new Set(), dayEnd, held).lock.map((l) => l.extension), ['1001']);
});
