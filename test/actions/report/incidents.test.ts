import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callerName, groupIncidents, incidentFacts } from '../../../src/actions/report/incidents.js';
import { renderJson } from '../../../src/actions/report/json.js';
import type { Report } from '../../../src/actions/report/report.js';
import type { Finding, Severity } from '../../../src/detection/rule.js';
import type { DailyProfile } from '../../../src/profiles/daily-profile.js';
import { addDays } from '../../../src/time/pbx-clock.js';
import { DAY, makeAllClearReport, makeProfile } from '../../helpers/report.js';

const before = (n: number) => addDays(DAY, -n);

function finding(extension: string, day: string, rule: string, severity: Severity, cost = 0): Finding {
  return { extension, day, severity, rule, title: `${rule} on ${extension}`, explanation: 'x', estimatedCost: cost, currency: 'EUR', evidence: {}, fingerprint: `${rule}:${extension}:${day}` };
}

function report(profiles: DailyProfile[], findings: Finding[]): Report {
  const base = makeAllClearReport();
  return { ...base, window: { ...base.window, from: before(6), to: DAY }, profiles, findings, flagged: [] };
}

test('consecutive days of one extension are one incident; a gap starts another', () => {
  const r = report(
    [
      makeProfile('201', before(4), { outboundCalls: 10, estimatedCost: 5 }),
      makeProfile('201', before(1), { outboundCalls: 20, estimatedCost: 40 }),
      makeProfile('201', DAY, { outboundCalls: 30, estimatedCost: 300 }),
    ],
    [finding('201', DAY, 'intl-spike', 'critical', 300), finding('201', before(1), 'cost-spike', 'warning', 40), finding('201', before(4), 'premium-rate', 'warning', 5)],
  );
  const incidents = groupIncidents(r);
  assert.equal(incidents.length, 2);
  const [night, earlier] = incidents;
  assert.deepEqual([night!.firstDay, night!.lastDay, night!.calls, night!.estimatedCost, night!.severity], [before(1), DAY, 50, 340, 'critical']);
  assert.deepEqual(night!.rules, ['intl-spike', 'cost-spike']);
  assert.deepEqual(night!.findings.map((i) => r.findings[i]!.rule), ['intl-spike', 'cost-spike']);
  assert.deepEqual(night!.days.map((d) => d.day), [before(1), DAY]);
  assert.deepEqual([earlier!.firstDay, earlier!.lastDay, earlier!.severity], [before(4), before(4), 'warning']);
});

test('a PBX-wide finding joins the incidents that spent money on its day, and stands alone when none did', () => {
  const r = report(
    [
      makeProfile('201', DAY, { estimatedCost: 500 }),
      makeProfile('202', DAY, { estimatedCost: 30 }),
      makeProfile('203', DAY, { outboundCalls: 6, estimatedCost: 0 }),
      makeProfile('204', DAY, { estimatedCost: 12 }),
      makeProfile('201', before(2), { outboundCalls: 40, estimatedCost: 90 }),
      makeProfile('202', before(2), { outboundCalls: 50, estimatedCost: 110 }),
    ],
    [
      finding('201', DAY, 'intl-spike', 'critical', 500),
      finding('202', DAY, 'volume-spike', 'warning', 30),
      finding('203', DAY, 'failed-intl-attempts', 'warning', 0),
      finding('*', DAY, 'pbx-cost-cap', 'critical', 542),
      finding('*', before(2), 'pbx-cost-cap', 'critical', 200),
    ],
  );
  const incidents = groupIncidents(r);
  const of = (ext: string) => incidents.find((n) => n.extension === ext)!;
  const pbxToday = r.findings.findIndex((f) => f.extension === '*' && f.day === DAY);
  // 201 and 202 spent money on the day: the PBX-wide finding is evidence in both, after their own findings.
  assert.deepEqual(of('201').findings, [0, pbxToday]);
  assert.deepEqual(of('202').findings, [1, pbxToday]);
  assert.deepEqual(of('202').rules, ['volume-spike', 'pbx-cost-cap']);
  assert.equal(of('202').severity, 'critical', 'the PBX-wide finding it caused makes it critical');
  // 203 made only failed calls: it did not cause the PBX's cost.
  assert.deepEqual(of('203').findings, [2]);
  assert.equal(of('203').severity, 'warning');
  // Two days ago nobody had an incident: the PBX-wide finding is an incident of its own, with the whole PBX's figures.
  const pbx = of('*');
  assert.deepEqual([pbx.firstDay, pbx.calls, pbx.estimatedCost, pbx.rules], [before(2), 90, 200, ['pbx-cost-cap']]);
  assert.equal(incidents.filter((n) => n.extension === '*').length, 1);
  // Worst first: the critical ones by cost, then the warning.
  assert.deepEqual(incidents.map((n) => n.extension), ['201', '*', '202', '203']);
});

test("an incident's time span is that of the calls its findings are about, not the office day", () => {
  const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+02:00`);
  const p = makeProfile('201', DAY, {
    firstCall: at('08:05'),
    lastCall: at('18:40'),
    spans: { international: { first: at('01:10'), last: at('03:35') }, 'after-hours-international': { first: at('01:10'), last: at('03:35') }, costly: { first: at('01:10'), last: at('18:40') } },
  });
  const r = report([p], [finding('201', DAY, 'after-hours-intl', 'critical'), finding('201', DAY, 'cost-cap', 'critical', 400), finding('201', DAY, 'volume-spike', 'critical')]);
  const [n] = groupIncidents(r);
  assert.deepEqual([n!.firstCall, n!.lastCall], [at('01:10'), at('03:35')]);
  // Only broad rules: the costly calls' span. A profile from the state store has no spans: the day's first and last call.
  assert.deepEqual(((n) => [n.firstCall, n.lastCall])(groupIncidents(report([p], [finding('201', DAY, 'cost-cap', 'critical')]))[0]!), [at('01:10'), at('18:40')]);
  const remembered = { ...p };
  delete remembered.spans;
  assert.deepEqual(((n) => [n.firstCall, n.lastCall])(groupIncidents(report([remembered], [finding('201', DAY, 'after-hours-intl', 'critical')]))[0]!), [at('08:05'), at('18:40')]);
  // The JSON gives them in the PBX zone, and exactly the documented keys.
  const doc = JSON.parse(renderJson(r));
  assert.deepEqual(doc.incidents, [
    { extension: '201', severity: 'critical', firstDay: DAY, lastDay: DAY, firstCall: `${DAY}T01:10:00+02:00`, lastCall: `${DAY}T03:35:00+02:00`, calls: 4, estimatedCost: 0.42, currency: 'EUR', rules: ['cost-cap', 'after-hours-intl', 'volume-spike'], findings: [1, 0, 2] },
  ]);
  assert.deepEqual(doc.findings.map((f: { rule: string }) => f.rule), ['after-hours-intl', 'cost-cap', 'volume-spike'], 'findings keep their order');
});

test('the caller ID name is the commonest one on the calls, never the bare extension', () => {
  const e = (clid: string) => ({ time: '', dialled: '', e164: null, label: '', disposition: '', billsec: 0, cost: 0, clid, origin: '' });
  assert.equal(callerName([e('"Grace" <1007>'), e('"Grace" <1007>'), e('"Mallory" <1007>')], '1007'), 'Grace');
  assert.equal(callerName([e('"1007" <1007>'), e('<1007>'), e('1007')], '1007'), null);
  assert.equal(callerName([e('Front Desk <201>')], '201'), 'Front Desk');
});

test('the facts shown once per incident: countries and numbers merged over its days, examples the costliest in time order', () => {
  const country = (key: string, calls: number, cost: number) => ({ key, label: key, calls, answered: calls, cost, highRisk: true });
  const dest = (e164: string, calls: number, cost: number) => ({ e164, dialled: `011${e164.slice(1)}`, label: e164, country: null, numberClass: 'voip', highRisk: 'x', premium: false, calls, answered: calls, billsec: 60, cost });
  const ex = (time: string, cost: number) => ({ time, dialled: '0', e164: null, label: '', disposition: 'ANSWERED', billsec: 1, cost, clid: '', origin: '' });
  const r = report(
    [
      makeProfile('201', before(1), { topCountries: [country('+882', 10, 100), country('CU', 2, 5)], topDestinations: [dest('+88216000001', 4, 60)], examples: [ex(`${before(1)}T23:00:00+02:00`, 9), ex(`${before(1)}T22:00:00+02:00`, 1)] }),
      makeProfile('201', DAY, { topCountries: [country('CU', 20, 50)], topDestinations: [dest('+88216000001', 1, 15), dest('+5350000000', 3, 30)], examples: [ex(`${DAY}T01:00:00+02:00`, 20)] }),
    ],
    [finding('201', before(1), 'intl-spike', 'critical'), finding('201', DAY, 'intl-spike', 'critical')],
  );
  const facts = incidentFacts(groupIncidents(r)[0]!, 5, 2);
  assert.deepEqual(facts.countries.map((c) => [c.key, c.calls, c.cost]), [['+882', 10, 100], ['CU', 22, 55]]);
  assert.deepEqual(facts.destinations.map((d) => [d.e164, d.calls, d.cost]), [['+88216000001', 5, 75], ['+5350000000', 3, 30]]);
  assert.deepEqual(facts.examples.map((e) => e.cost), [9, 20], 'the two costliest, earliest first');
});
