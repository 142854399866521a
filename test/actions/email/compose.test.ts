import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeAlert, composeAllClear, composeReportMail, composeReportOrAllClear, reportSubject } from '../../../src/actions/email/compose.js';
import { escapeHtml } from '../../../src/actions/report/escape.js';
import { emailSchema } from '../../../src/config/email.js';
import { DAY, HOSTILE, makeAllClearReport, makeReport } from '../../helpers/report.js';

const email = emailSchema.parse({ from: 'tollguard@pbx.example', to: ['admin@example.com', 'ops@example.com'], criticalTo: ['oncall@example.com'] });

test('the report subject gives counts by severity, the worst extension and the flagged cost', () => {
  const r = makeReport();
  const subject = reportSubject(r, 160);
  assert.equal(subject, `[tollguard] CRITICAL 1, warning 2, info 1: ext 201 +2 more, EUR ${Math.round(r.summary.flaggedCost)} est. — ${DAY}`);
  const m = composeReportMail(r, email);
  assert.equal(m.subject, subject);
  assert.deepEqual(m.to, ['admin@example.com', 'ops@example.com', 'oncall@example.com'], 'critical findings reach the critical recipients too');
  assert.equal(m.from, 'tollguard@pbx.example');
});

test('subjects are bounded and single-line even when CDR text is long and hostile', () => {
  const r = makeReport();
  r.findings = r.findings.map((f) => ({ ...f, extension: `${'9'.repeat(300)}\r\nBcc: evil@attacker.example` }));
  const s = reportSubject(r, 60);
  assert.ok([...s].length <= 60, s);
  assert.ok(!/[\r\n]/.test(s));
  const a = composeAlert(
    { extension: `1\r\nBcc: evil@attacker.example`, day: DAY, findings: [{ ...r.findings[1]!, title: `x\r\nBcc: evil@attacker.example\r\n${'y'.repeat(500)}` }], figures: { calls: 5, cost: 10 }, previous: null },
    r,
    { ...email, subjectMax: 80 },
  );
  assert.ok([...a.subject].length <= 80);
  assert.ok(!/[\r\n]/.test(a.subject));
});

test('the report mail reuses the report renderers and stays under the Gmail clipping size', () => {
  const r = makeReport();
  const m = composeReportMail(r, email);
  assert.ok(Buffer.byteLength(m.html) < 102_000);
  for (const f of r.findings) assert.ok(m.html.includes(escapeHtml(f.explanation)), f.rule);
  assert.ok(!m.html.includes('<script'));
  assert.ok(m.text.includes('1 critical, 2 warning, 1 info'));
  assert.equal(m.attachments?.length, 1);
  assert.equal(m.attachments![0]!.filename, `flagged-calls-${DAY}.csv`);
  assert.equal(m.headers?.['Auto-Submitted'], 'auto-generated');
});

test('a big PBX still fits: charts and activity rows are cut until the HTML is under budget', () => {
  const r = makeReport();
  const base = r.profiles[0]!;
  r.profiles = Array.from({ length: 3000 }, (_, i) => ({ ...base, extension: String(1000 + i), estimatedCost: i }));
  const m = composeReportMail(r, email);
  assert.ok(Buffer.byteLength(m.html) < 102_000, `${Buffer.byteLength(m.html)} bytes`);
  for (const f of r.findings) assert.ok(m.html.includes(escapeHtml(f.explanation)));
});

test('no attachment when there are no flagged calls', () => {
  const r = makeReport();
  r.flaggedCalls = [];
  assert.equal(composeReportMail(r, email).attachments, undefined);
});

test('nothing found: a short all-clear mail, or nothing when it is turned off', () => {
  const r = makeAllClearReport();
  const m = composeReportOrAllClear(r, email)!;
  assert.equal(m.subject, `[tollguard] All clear — ${DAY}`);
  assert.deepEqual(m.to, ['admin@example.com', 'ops@example.com'], 'all-clear does not page the critical list');
  assert.ok(m.text.includes('No suspicious calling'));
  assert.ok(m.html.length < 5000);
  assert.equal(composeAllClear(r, { ...email, allClear: false }), null);
  assert.equal(composeReportOrAllClear(r, { ...email, allClear: false }), null);
});

test('the alert says what, how much and what to do; a grown alert says from what to what', () => {
  const r = makeReport();
  const critical = r.findings.filter((f) => f.severity === 'critical');
  const first = composeAlert({ extension: '201', day: DAY, findings: critical, figures: { calls: 57, cost: 510.31 }, previous: null }, r, email);
  assert.equal(first.subject, `[tollguard] CRITICAL ext 201: Calls to high-risk destinations, EUR 510 est. — ${DAY}`);
  assert.ok(first.text.includes('tollguard lockout add 201'));
  assert.ok(first.html.includes('tollguard lockout add 201'));
  assert.ok(first.text.includes('57 outbound calls'));
  assert.ok(!first.text.includes('Grew since'));
  assert.ok(first.html.includes(escapeHtml(critical[0]!.explanation)));
  assert.ok(!first.html.includes('<script'));
  assert.deepEqual(first.to, ['admin@example.com', 'ops@example.com', 'oncall@example.com']);

  const grown = composeAlert(
    { extension: '201', day: DAY, findings: critical, figures: { calls: 57, cost: 510.31 }, previous: { at: '2024-05-07T02:00:00.000Z', calls: 20, cost: 120 } },
    r,
    email,
  );
  assert.match(grown.subject, /^\[tollguard\] CRITICAL ext 201 grew:/);
  assert.ok(grown.text.includes('Grew since the alert at 2024-05-07T02:00:00.000Z: 20 -> 57 calls, EUR 120.00 -> EUR 510.31.'));
  assert.ok(grown.html.includes(escapeHtml('20 -> 57 calls')));
});

test('a hostile extension is escaped and never put into a suggested command', () => {
  const r = makeReport();
  const f = { ...r.findings[2]!, severity: 'critical' as const };
  const m = composeAlert({ extension: HOSTILE.extension, day: DAY, findings: [f], figures: { calls: 9, cost: 80 }, previous: null }, r, email);
  assert.ok(!m.html.includes(HOSTILE.extension));
  assert.ok(m.html.includes(escapeHtml(HOSTILE.extension)));
  assert.ok(!m.text.includes('lockout add'));
  assert.ok(!m.html.includes('<svg') && !m.html.includes('<img'));
});

test('an alert about calls no extension made names the path and says what to change, never "lockout add" for a trunk', () => {
  const r = makeReport();
  const caller = { kind: 'trunk' as const, label: 'from-trunk via pstn-in', trunk: 'pstn-in', context: 'from-trunk', forwardOf: null, localContext: null, extension: null, riskyCalls: 3, allowedCalls: 0 };
  const f = { ...r.findings[0]!, extension: 'trunk:pstn-in@from-trunk', rule: 'trunk-to-trunk', severity: 'critical' as const, caller };
  const m = composeAlert({ extension: f.extension, caller, day: DAY, findings: [f], figures: { calls: 3, cost: 6.61 }, previous: null }, r, email);
  assert.match(m.subject, /^\[tollguard\] CRITICAL from-trunk via pstn-in:/);
  assert.match(m.text, /^CRITICAL: from-trunk via pstn-in \(no extension\) on /);
  assert.match(m.text, /1\. Close the door in the dialplan \(from-trunk via pstn-in\).*asterisk -rx "dialplan reload"; tollguard cannot lock a trunk/);
  assert.ok(!m.text.includes('lockout add'));
  assert.ok(!m.text.includes('SIP password'));
  // A forward of an extension: that extension may be locked.
  const fwd = { ...caller, kind: 'forward' as const, label: 'forward of extension 1004 (called by extension 1002)', forwardOf: '1004', extension: '1004' };
  const n = composeAlert({ extension: 'fwd:1004', caller: fwd, day: DAY, findings: [{ ...f, extension: 'fwd:1004', caller: fwd }], figures: { calls: 1, cost: 1 }, previous: null }, r, email);
  assert.match(n.text, /Lock the extension that owns the forward: tollguard lockout add 1004/);
  assert.match(reportSubject({ ...r, findings: [{ ...f, estimatedCost: 1e6 }, ...r.findings] }, 200), /: from-trunk via pstn-in \+\d more/);
});
