import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeAlert, composeAllClear, composeReportMail, composeReportOrAllClear, reportSubject } from '../../../src/actions/email/compose.js';
import { escapeHtml } from '../../../src/actions/report/escape.js';
import { groupIncidents } from '../../../src/actions/report/incidents.js';
import type { Report } from '../../../src/actions/report/report.js';
import { emailSchema } from '../../../src/config/email.js';
import type { Finding } from '../../../src/detection/rule.js';
import { addDays } from '../../../src/time/pbx-clock.js';
import { alertsOf, DAY, HOSTILE, makeAllClearReport, makeProfile, makeReport, visibleText } from '../../helpers/report.js';

const email = emailSchema.parse({ from: 'tollguard@pbx.example', to: ['admin@example.com', 'ops@example.com'], criticalTo: ['oncall@example.com'] });

test('the report subject names the worst incident first, its cost and how many more', () => {
  const r = makeReport();
  const subject = reportSubject(r, 160);
  assert.equal(subject, `[tollguard] CRITICAL: ext 201 EUR 513 est. +1 more - ${DAY}`);
  const m = composeReportMail(r, email);
  assert.equal(m.subject, subject);
  assert.deepEqual(m.to, ['admin@example.com', 'ops@example.com', 'oncall@example.com'], 'critical findings reach the critical recipients too');
  assert.equal(m.from, 'tollguard@pbx.example');
});

test('subjects are bounded and single-line even when CDR text is long and hostile', () => {
  const r = makeReport();
  const evil = `${'9'.repeat(300)}\r\nBcc: evil@attacker.example`;
  r.findings = r.findings.map((f) => (f.extension === '201' ? { ...f, extension: evil } : f));
  r.profiles = r.profiles.map((p) => (p.extension === '201' ? { ...p, extension: evil } : p));
  const s = reportSubject(r, 60);
  assert.ok([...s].length <= 60, s);
  assert.ok(!/[\r\n]/.test(s));
  const a = composeAlert(alertsOf(r), r, { ...email, subjectMax: 80 });
  assert.ok([...a.subject].length <= 80);
  assert.ok(!/[\r\n]/.test(a.subject));
});

test('the report mail is the HTML report, the text report and the flagged calls', () => {
  const r = makeReport();
  const m = composeReportMail(r, email);
  assert.ok(Buffer.byteLength(m.html) < 100_000);
  for (const f of r.findings) assert.ok(visibleText(m.html).includes(f.explanation), f.rule);
  assert.equal(m.html.split('cellspacing="1"').length - 1, 4, 'both incidents charted (calls and cost)');
  assert.ok(!m.html.includes('<script'));
  assert.ok(m.text.includes('2 incidents need action: 1 critical, 1 warning; EUR 593.46 estimated'));
  assert.equal(m.attachments?.length, 1);
  assert.equal(m.attachments![0]!.filename, `flagged-calls-${DAY}.csv`);
  assert.equal(m.headers?.['Auto-Submitted'], 'auto-generated');
});

/**
 * A heavy week on a big PBX: 3,000 extensions calling every day, 40 extensions
 * attacked (most over two days), each with ten findings, a month of history,
 * ten costly numbers and five example calls; the PBX-wide cap every day.
 */
function heavyWeek(): Report {
  const base = makeReport();
  const days = Array.from({ length: 7 }, (_, i) => addDays(DAY, i - 6));
  const rules = ['intl-spike', 'high-risk-destination', 'first-ever-country', 'cost-cap', 'cost-spike', 'volume-spike', 'after-hours-intl', 'concurrent-calls', 'failed-intl-attempts', 'call-velocity'];
  const fraud = base.profiles.find((p) => p.extension === '201')!;
  const dest = fraud.topDestinations[0]!;
  const profiles = [];
  for (const day of days) for (let e = 0; e < 3000; e++) profiles.push(makeProfile(String(10_000 + e), day, { estimatedCost: (e % 7) * 0.31 }));
  const findings: Finding[] = [];
  const flagged = [];
  for (let a = 0; a < 40; a++) {
    const ext = String(20_000 + a);
    for (const day of a % 3 === 0 ? days.slice(-1) : days.slice(-2)) {
      profiles.push({
        ...fraud,
        extension: ext,
        day,
        estimatedCost: 100 + a * 37,
        topDestinations: Array.from({ length: 10 }, (_, i) => ({ ...dest, e164: `+8821600${a}${i}`, dialled: `011882160${a}${i}`, cost: 50 - i })),
        examples: Array.from({ length: 5 }, (_, i) => ({ ...fraud.examples[0]!, time: `${day}T0${i}:12:00+02:00`, clid: `"Caller ${a}" <${ext}>` })),
      });
      for (const rule of rules) {
        findings.push({ ...base.findings[1]!, extension: ext, day, rule, severity: a % 4 === 0 ? 'warning' : 'critical', title: `${rule}: ${a} calls far above usual`, explanation: `A sentence of about a hundred characters explaining what ${rule} measured on ${day}.`, details: 'usual = median of the weekdays in 28 days of history; 31x the usual; robust z 40.2; chance 4.75e-107 under the usual rate', estimatedCost: 100 + a, fingerprint: `${rule}:${ext}:${day}` });
      }
      flagged.push({ ...base.flagged[0]!, extension: ext, day, series: Array.from({ length: 29 }, (_, d) => ({ day: addDays(day, d - 28), outboundCalls: (d * 7) % 23, internationalCalls: d % 4, estimatedCost: ((d * 3) % 11) * 1.5 })) });
    }
  }
  for (const day of days) {
    findings.push({ ...base.findings[3]!, day, severity: 'critical', fingerprint: `pbx:${day}` });
    flagged.push({ ...base.flagged[0]!, extension: '*', day });
  }
  return { ...base, window: { ...base.window, from: days[0]!, to: DAY }, profiles, findings, flagged };
}

test('a heavy week still fits under 100 KB of HTML: the worst incidents in full with their charts, every incident named with its command', () => {
  const r = heavyWeek();
  const incidents = groupIncidents(r);
  // 40 extensions, and the whole PBX on the five days no extension's incident explains.
  assert.equal(incidents.length, 41);
  assert.equal(incidents.filter((n) => n.extension === '*' && n.days.length === 5).length, 1);
  const m = composeReportMail(r, email);
  const bytes = Buffer.byteLength(m.html);
  assert.ok(bytes < 100_000, `${bytes} bytes`);
  const charted = (m.html.split('cellspacing="1"').length - 1) / 2;
  assert.ok(charted >= 5, `${charted} incidents charted`);
  const text = visibleText(m.html);
  for (const [i, n] of incidents.slice(0, charted).entries()) assert.ok(text.includes(`incident ${i + 1} of 41`), `incident ${i + 1} in full`);
  for (const n of incidents.filter((x) => x.extension !== '*')) assert.ok(text.includes(`tollguard lockout add ${n.extension} --reason`), `a command for ${n.extension}`);
  assert.match(text, /more incidents/);
});

test('no attachment when there are no flagged calls', () => {
  const r = makeReport();
  r.flaggedCalls = [];
  assert.equal(composeReportMail(r, email).attachments, undefined);
});

test('nothing found: a short all-clear mail, or nothing when it is turned off', () => {
  const r = makeAllClearReport();
  const m = composeReportOrAllClear(r, email)!;
  assert.equal(m.subject, `[tollguard] All clear - ${DAY}`);
  assert.deepEqual(m.to, ['admin@example.com', 'ops@example.com'], 'all-clear does not page the critical list');
  assert.ok(m.text.includes('No suspicious calling'));
  assert.ok(m.html.length < 5000);
  assert.equal(composeAllClear(r, { ...email, allClear: false }), null);
  assert.equal(composeReportOrAllClear(r, { ...email, allClear: false }), null);
});

test('the alert names the worst extension first, says how much and what to do; a grown alert says from what to what', () => {
  const r = makeReport();
  const alerts = alertsOf(r);
  const first = composeAlert(alerts, r, email);
  assert.equal(first.subject, `[tollguard] CRITICAL: ext 201 EUR 513 est. - ${DAY}`);
  assert.ok(first.text.startsWith('1 incident needs action: 1 critical; EUR 513.46 estimated (Europe/Berlin)'));
  assert.ok(first.text.includes("tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'"));
  assert.ok(visibleText(first.html).includes("tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'"));
  assert.ok(first.text.includes('57 calls, EUR 513.46 estimated'));
  assert.ok(!first.text.includes('Grew since'));
  const critical = r.findings.find((f) => f.severity === 'critical')!;
  assert.ok(visibleText(first.html).includes(critical.explanation));
  assert.ok(!first.html.includes('<script'));
  assert.deepEqual(first.to, ['admin@example.com', 'ops@example.com', 'oncall@example.com']);

  const grown = composeAlert([{ ...alerts[0]!, figures: { calls: 57, cost: 510.31 }, previous: { at: '2024-05-07T02:00:00.000Z', calls: 20, cost: 120 } }], r, email);
  assert.equal(grown.subject, `[tollguard] CRITICAL: ext 201 grew to EUR 513 est. - ${DAY}`);
  assert.ok(grown.text.includes('Grew since the alert at 2024-05-07 04:00: 20 -> 57 calls, EUR 120.00 -> EUR 510.31.'), 'the time in the PBX zone');
  assert.ok(visibleText(grown.html).includes('20 -> 57 calls'));
});

test('one alert for several incidents: the worst first, "+N more" in the subject', () => {
  const r = makeReport();
  r.findings = r.findings.map((f) => ({ ...f, severity: 'critical' }));
  const m = composeAlert(alertsOf(r), r, email);
  assert.equal(m.subject, `[tollguard] CRITICAL: ext 201 EUR 513 est. +1 more - ${DAY}`);
  const text = visibleText(m.html);
  assert.ok(text.indexOf('incident 1 of 2Ext 201') < text.indexOf(`incident 2 of 2Ext ${HOSTILE.extension}`));
});

test('a hostile extension is escaped in HTML and gets no command (the CLI refuses such a name)', () => {
  const r = makeReport();
  r.findings = r.findings.map((f) => (f.extension === HOSTILE.extension ? { ...f, severity: 'critical' } : f));
  const alerts = alertsOf(r).filter((a) => a.incident.extension === HOSTILE.extension);
  const m = composeAlert(alerts, r, email);
  assert.ok(!m.html.includes(HOSTILE.extension));
  assert.ok(m.html.includes(escapeHtml(HOSTILE.extension)));
  assert.ok(!m.text.includes('tollguard lockout add'));
  assert.ok(m.text.includes('Lock the extension on the PBX by hand'));
  assert.ok(!m.html.includes('<svg') && !m.html.includes('<img'));
});

test('an alert about calls no extension made names the path and says what to change, never "lockout add" for a trunk', () => {
  const r = makeReport();
  const caller = { kind: 'trunk' as const, label: 'from-trunk via pstn-in', trunk: 'pstn-in', context: 'from-trunk', forwardOf: null, localContext: null, extension: null, riskyCalls: 3, allowedCalls: 0 };
  const key = 'trunk:pstn-in@from-trunk';
  const f = { ...r.findings[0]!, extension: key, rule: 'trunk-to-trunk', severity: 'critical' as const, estimatedCost: 6.61, caller };
  const trunkReport = { ...r, findings: [f], profiles: [makeProfile(key, DAY, { caller, outboundCalls: 3, estimatedCost: 6.61 })] };
  const m = composeAlert(alertsOf(trunkReport), trunkReport, email);
  assert.equal(m.subject, `[tollguard] CRITICAL: from-trunk via pstn-in EUR 7 est. - ${DAY}`);
  assert.match(m.text, /1\. CRITICAL from-trunk via pstn-in \(no extension\) /);
  assert.match(m.text, /do now: Close the door in the dialplan \(from-trunk via pstn-in\).*tollguard cannot lock a trunk\.\n +asterisk -rx "dialplan reload"/);
  assert.ok(!m.text.includes('lockout add'));
  assert.ok(!m.text.includes('SIP password'));
  assert.ok(visibleText(m.html).includes('from-trunk via pstn-in (no extension)'));
  // A forward of an extension: that extension may be locked.
  const fwd = { ...caller, kind: 'forward' as const, label: 'forward of extension 1004 (called by extension 1002)', forwardOf: '1004', extension: '1004' };
  const fwdReport = { ...r, findings: [{ ...f, extension: 'fwd:1004', caller: fwd }], profiles: [makeProfile('fwd:1004', DAY, { caller: fwd })] };
  const n = composeAlert(alertsOf(fwdReport), fwdReport, email);
  assert.ok(n.text.includes("Lock the extension that owns the forward:\n             tollguard lockout add 1004 --reason 'suspected toll fraud on 2024-05-07'"), n.text);
  assert.match(reportSubject({ ...r, findings: [{ ...f, estimatedCost: 1e6 }, ...r.findings], profiles: [...r.profiles, makeProfile(key, DAY, { caller, estimatedCost: 1e6 })] }, 200), /^\[tollguard\] CRITICAL: from-trunk via pstn-in EUR 1,000,000 est\. \+2 more/);
});

test('the dry-run note points at the lock command where the mail prints it, in the text and the HTML part', () => {
  const r = makeReport();
  r.lockouts = { mode: 'dry-run', outcomes: [{ extension: '201', status: 'dry-run', detail: 'would lock' }] };
  const mail = composeReportMail(r, email);
  for (const [part, body] of [['text', mail.text], ['html', visibleText(mail.html).replace(/\s+/g, ' ')]] as const) {
    const note = body.indexOf('Dry run (LOCKOUT_MODE=dry-run): tollguard would have locked extension 201');
    const command = body.indexOf('tollguard lockout add 201 ');
    assert.ok(note >= 0 && command >= 0, part);
    const sentence = body.slice(note, body.indexOf('LOCKOUT_MODE=enforce', note));
    // "below" or "above" must be where the command is; the steps are in both layouts.
    if (/\bbelow\b/.test(sentence)) assert.ok(command > note, `${part}: the note says below, the command is above: ${sentence}`);
    if (/\babove\b/.test(sentence)) assert.ok(command < note, `${part}: the note says above, the command is below: ${sentence}`);
    assert.match(sentence, /steps/, part);
  }
});
