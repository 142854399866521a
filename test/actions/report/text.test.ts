import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderText } from '../../../src/actions/report/text.js';
import { counted } from '../../../src/actions/report/view.js';
import { HOSTILE, makeAllClearReport, makeReport } from '../../helpers/report.js';

test('incidents first: the headline, then each incident with when, how much, the rules and the commands to run', () => {
  const report = makeReport();
  const text = renderText(report);
  const lines = text.split('\n');
  assert.equal(lines[0], 'tollguard report: 2024-05-07 to 2024-05-07 (Europe/Berlin, generated 2024-05-08 08:00)');
  assert.equal(lines[2], '2 incidents need action: 1 critical, 1 warning; EUR 593.46 estimated');
  assert.equal(lines[3], '  1 critical, 2 warning, 1 info findings; 70 outbound calls from 3 extensions, EUR 593.88 estimated in all');
  assert.equal(lines[5], '1. CRITICAL ext 201  2024-05-07 09:00-17:00');
  assert.match(lines[6]!, /^ {3}57 calls, EUR 513\.46 estimated; 55 international/);
  assert.equal(lines[7], '   rules: high-risk-destination volume-spike pbx-cost-cap');
  assert.equal(lines[8], '   do now: Lock the extension now:');
  assert.equal(lines[9], "             tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'");
  assert.ok(text.indexOf('2. WARNING  ext 1009"><svg onload=alert(2)>') > text.indexOf('1. CRITICAL'));
  assert.ok(!text.includes(`tollguard lockout add '${HOSTILE.extension}'`), 'no command for a name the CLI refuses (lockout add exits 2)');
  assert.ok(text.includes('Lock the extension on the PBX by hand'));
});

test('the evidence follows: each finding once with its details line, the shared facts once per incident', () => {
  const report = makeReport();
  const text = renderText(report);
  const evidence = text.slice(text.indexOf('Evidence, incident by incident'));
  const critical = report.findings.find((f) => f.severity === 'critical')!;
  const warning = report.findings.find((f) => f.rule === 'volume-spike')!;
  assert.ok(evidence.indexOf(critical.title) < evidence.indexOf(warning.title), 'most severe first within an incident');
  assert.ok(evidence.includes('details: usual = median of the weekdays in 14 days of history; 19x the usual; robust z 40.2'));
  assert.ok(evidence.includes('PBX cost above the daily cap (whole PBX)  [pbx-cost-cap]'));
  const fraud = report.profiles.find((p) => p.extension === '201')!;
  for (const d of fraud.topDestinations) assert.equal(evidence.split(`${d.e164}  `).length - 1, 1, `${d.e164} listed once`);
  assert.ok(evidence.includes('Usual day (median of 14 days): 3.5 outbound, 0 international, EUR 0.45'));
  assert.ok(evidence.includes('clid <script>alert(1)</script>  '), 'caller ID shown verbatim: a terminal does not run markup');
});

test('the bookkeeping comes last and adds up', () => {
  const report = makeReport();
  const s = report.summary;
  assert.equal(s.rowsUsed + s.rowsQuarantined + s.rowsOutsideWindow, s.rowsRead, 'fixture adds up');
  const text = renderText(report);
  const rows = text.indexOf('\nRows\n');
  assert.ok(rows > text.indexOf('Evidence, incident by incident'));
  assert.ok(text.includes(`read 1,000 = used ${s.rowsUsed} + quarantined ${s.rowsQuarantined} + outside window ${s.rowsOutsideWindow}`));
  assert.ok(!text.includes('does not add up'));
  assert.ok(text.includes(s.quarantineFile!));
  assert.ok(text.includes(`outbound ${s.outboundCalls}, internal ${s.internalCalls}, inbound ${s.inboundCalls}, other legs ${s.otherLegs}, blocked ${s.blockedCalls}`));
  assert.ok(text.includes('cost of outbound calls: EUR 593.88 estimated; on flagged extension-days: EUR 593.46 estimated'));
});

test('counts that do not add up are called out', () => {
  const report = makeReport();
  report.summary.rowsRead += 7;
  assert.match(renderText(report), /does not add up: 7 rows unaccounted/);
});

test('control characters from CDRs cannot reach the terminal', () => {
  const text = renderText(makeReport());
  assert.ok(!text.includes('\x1b'), 'no escape sequence');
  assert.ok(!text.includes('\u202E'), 'no bidi override');
  assert.ok(!text.includes('\r'), 'no carriage return');
  assert.ok(text.includes('clid Alice [2J [H  '));
  // Every line of a multi-line caller ID stays on its own report line.
  assert.ok(text.includes('clid line one line "two", with comma  '));
});

test('colours only when asked for', () => {
  assert.ok(!renderText(makeReport()).includes('\x1b['));
  assert.ok(renderText(makeReport(), { color: true }).includes('\x1b[1;31mCRITICAL'));
});

test('the all-clear report says clearly that nothing was found', () => {
  const text = renderText(makeAllClearReport());
  assert.match(text, /All clear: no suspicious calling found/);
  assert.match(text, /0 critical, 0 warning, 0 info findings/);
  assert.ok(!text.includes('CRITICAL'));
  assert.ok(!text.includes(HOSTILE.script));
});

test('a caller ID is shown as Asterisk writes it, not quoted again; one call is "1 call"', () => {
  const report = makeReport();
  const hostile = report.profiles.find((p) => p.extension === HOSTILE.extension)!;
  hostile.outboundCalls = 1;
  hostile.examples[0]!.clid = '"Grace" <1007>';
  report.profiles.find((p) => p.extension === '201')!.examples[0]!.clid = '"" <anonymous>';
  report.profiles.find((p) => p.extension === '201')!.examples[1]!.clid = '';
  const text = renderText(report);
  assert.ok(text.includes('  clid "Grace" <1007>  '), text);
  assert.ok(text.includes('  clid "" <anonymous>  '));
  assert.ok(text.includes('  clid (none)  '));
  assert.doesNotMatch(text, /""Grace"|""" </);
  assert.match(text, /^ {3}1 call, EUR 80\.00/m);
  assert.doesNotMatch(text, /\b1 calls\b/);
});

test('counted: the noun agrees with the count', () => {
  assert.deepEqual([counted(0, 'call'), counted(1, 'call'), counted(2, 'call'), counted(1204, 'extension'), counted(1, 'call', '&nbsp;')], ['0 calls', '1 call', '2 calls', '1,204 extensions', '1&nbsp;call']);
});
