import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderText } from '../../../src/actions/report/text.js';
import { HOSTILE, makeAllClearReport, makeReport } from '../../helpers/report.js';

test('the summary shows the row counts adding up and the calls by direction', () => {
  const report = makeReport();
  const s = report.summary;
  assert.equal(s.rowsUsed + s.rowsQuarantined + s.rowsOutsideWindow, s.rowsRead, 'fixture adds up');
  const text = renderText(report);
  assert.ok(text.includes(`read 1,000 = used ${s.rowsUsed} + quarantined ${s.rowsQuarantined} + outside window ${s.rowsOutsideWindow}`));
  assert.ok(!text.includes('does not add up'));
  assert.ok(text.includes(s.quarantineFile!));
  assert.ok(text.includes(`outbound ${s.outboundCalls}, internal ${s.internalCalls}, inbound ${s.inboundCalls}, other legs ${s.otherLegs}, blocked ${s.blockedCalls}`));
  assert.ok(text.includes(`Findings: ${s.findings.critical} critical, ${s.findings.warning} warning, ${s.findings.info} info`));
  assert.ok(text.includes('Cost of outbound calls: EUR 593.88 (estimated)'));
  assert.ok(text.includes(`${report.window.from} to ${report.window.to} (${report.window.timezone})`));
});

test('counts that do not add up are called out', () => {
  const report = makeReport();
  report.summary.rowsRead += 7;
  assert.match(renderText(report), /does not add up: 7 rows unaccounted/);
});

test('findings come most severe first, with destinations and example calls', () => {
  const report = makeReport();
  const text = renderText(report);
  const at = (s: string) => {
    const i = text.indexOf(s);
    assert.ok(i >= 0, `missing ${s}`);
    return i;
  };
  const critical = report.findings.find((f) => f.severity === 'critical')!;
  const info = report.findings.find((f) => f.severity === 'info')!;
  for (const w of report.findings.filter((f) => f.severity === 'warning')) {
    assert.ok(at(critical.title) < at(w.title.replace(/[\r\n]/g, ' ')));
    assert.ok(at(w.title) < at(info.title));
  }
  assert.ok(at('CRITICAL extension 201 on 2024-05-07') < at('INFO     whole PBX on 2024-05-07'));
  for (const d of report.profiles.find((p) => p.extension === '201')!.topDestinations) assert.ok(text.includes(d.e164!));
  assert.ok(text.includes('clid "<script>alert(1)</script>"'), 'caller ID shown verbatim: a terminal does not run markup');
  assert.ok(text.includes('Baseline (median of 14 days): 3.5 outbound, 0 international, EUR 0.45'));
});

test('control characters from CDRs cannot reach the terminal', () => {
  const text = renderText(makeReport());
  assert.ok(!text.includes('\x1b'), 'no escape sequence');
  assert.ok(!text.includes('\u202E'), 'no bidi override');
  assert.ok(!text.includes('\r'), 'no carriage return');
  assert.ok(text.includes('clid "Alice [2J [H"'));
  // Every line of a multi-line caller ID stays on its own report line.
  assert.ok(text.includes('clid "line one line "two", with comma"'));
});

test('colours only when asked for', () => {
  assert.ok(!renderText(makeReport()).includes('\x1b['));
  assert.ok(renderText(makeReport(), { color: true }).includes('\x1b[1;31mCRITICAL'));
});

test('the all-clear report says clearly that nothing was found', () => {
  const text = renderText(makeAllClearReport());
  assert.match(text, /All clear: no suspicious calling found/);
  assert.match(text, /Findings: 0 critical, 0 warning, 0 info/);
  assert.ok(!text.includes('CRITICAL'));
  assert.ok(!text.includes(HOSTILE.script));
});
