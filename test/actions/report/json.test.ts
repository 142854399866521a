import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJson, REPORT_JSON_VERSION } from '../../../src/actions/report/json.js';
import { HOSTILE, makeAllClearReport, makeReport } from '../../helpers/report.js';

test('the JSON report parses and has the documented shape', () => {
  const report = makeReport();
  const text = renderJson(report);
  assert.ok(text.startsWith('{\n  "version"'), '2-space indent');
  const doc = JSON.parse(text);
  assert.deepEqual(Object.keys(doc), ['version', 'generatedAt', 'source', 'window', 'summary', 'incidents', 'profiles', 'findings', 'flagged', 'flaggedCalls']);
  assert.equal(doc.version, REPORT_JSON_VERSION);
  assert.deepEqual(doc.window, report.window);
  for (const k of ['rowsRead', 'rowsUsed', 'rowsQuarantined', 'rowsOutsideWindow', 'outboundCalls', 'internalCalls', 'inboundCalls', 'extensions', 'currency', 'costEstimated']) {
    assert.equal(doc.summary[k], (report.summary as unknown as Record<string, unknown>)[k], k);
  }
  assert.deepEqual(doc.summary.findings, report.summary.findings);
  assert.equal(doc.profiles.length, report.profiles.length);
  for (const p of doc.profiles) {
    for (const k of ['extension', 'day', 'outboundCalls', 'answeredCalls', 'internationalCalls', 'premiumCalls', 'highRiskCalls', 'billsec', 'estimatedCost', 'topDestinations', 'examples']) {
      assert.ok(k in p, `profile key ${k}`);
    }
  }
  assert.equal(doc.findings.length, report.findings.length);
  for (const [i, f] of doc.findings.entries()) {
    // The findings' contract is unchanged; a finding with statistics adds "details" after its explanation.
    const keys = ['extension', 'day', 'severity', 'rule', 'title', 'explanation', ...(report.findings[i]!.details ? ['details'] : []), 'estimatedCost', 'currency', 'evidence', 'fingerprint'];
    assert.deepEqual(Object.keys(f), keys);
    assert.equal(f.title, report.findings[i]!.title, 'strings kept verbatim: escaping is the consumer’s job');
  }
  assert.equal(doc.flagged.length, report.flagged.length);
  assert.equal(doc.flagged[0].series.length, report.flagged[0]!.series.length);
  assert.equal(doc.flaggedCalls.length, report.flaggedCalls!.length);
  assert.equal(doc.flaggedCalls[0].clid, HOSTILE.script);
  // Incidents, worst first, point into findings.
  assert.deepEqual(doc.incidents.map((n: { extension: string; severity: string }) => [n.extension, n.severity]), [['201', 'critical'], [HOSTILE.extension, 'warning']]);
  for (const n of doc.incidents) {
    assert.deepEqual(Object.keys(n), ['extension', 'severity', 'firstDay', 'lastDay', 'firstCall', 'lastCall', 'calls', 'estimatedCost', 'currency', 'rules', 'findings']);
    for (const i of n.findings) assert.ok(doc.findings[i].extension === n.extension || doc.findings[i].extension === '*');
    assert.deepEqual(n.rules, [...new Set(n.findings.map((i: number) => doc.findings[i].rule))]);
  }
  assert.equal(doc.incidents[0].firstCall, '2024-05-07T09:00:00+02:00', 'in the PBX zone');
});

test('money is rounded: totals to cents, single calls to 1/10000', () => {
  const report = makeReport();
  const doc = JSON.parse(renderJson(report));
  assert.equal(doc.summary.estimatedCost, Math.round(report.summary.estimatedCost * 100) / 100);
  const fraud = doc.profiles.find((p: { extension: string }) => p.extension === '201');
  assert.equal(fraud.estimatedCost, 513.46);
  assert.equal(fraud.topDestinations[0].cost, 400.11);
  assert.equal(doc.flaggedCalls[0].cost, 12.4812);
  assert.equal(fraud.firstCall, new Date(report.profiles[1]!.firstCall!).toISOString());
  const idle = doc.profiles.find((p: { extension: string }) => p.extension === '203');
  assert.equal(idle.firstCall, null);
});

test('the output is stable: same report, same bytes; evidence keys sorted', () => {
  const a = renderJson(makeReport());
  assert.equal(renderJson(makeReport()), a);
  const evidence = JSON.parse(a).findings.find((f: { rule: string }) => f.rule === 'high-risk-destination').evidence;
  assert.deepEqual(Object.keys(evidence), ['alpha', 'countries', 'zeta']);
  assert.deepEqual(Object.keys(evidence.alpha), ['a', 'b']);
});

test('evidence with sets, maps, bigints and non-finite numbers still serialises', () => {
  const report = makeReport();
  report.findings[0]!.evidence = { set: new Set(['CU', 'LV']), map: new Map([['b', 1]]), big: 10n, nan: Number.NaN };
  const f = JSON.parse(renderJson(report)).findings[0];
  assert.deepEqual(f.evidence, { big: '10', map: { b: 1 }, nan: null, set: ['CU', 'LV'] });
});

test('the all-clear report has empty findings and no flaggedCalls key when none were gathered', () => {
  const report = makeAllClearReport();
  delete report.flaggedCalls;
  const doc = JSON.parse(renderJson(report));
  assert.deepEqual(doc.findings, []);
  assert.deepEqual(doc.flagged, []);
  assert.ok(!('flaggedCalls' in doc));
});
