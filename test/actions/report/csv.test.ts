import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { FLAGGED_CALLS_COLUMNS, renderFlaggedCallsCsv } from '../../../src/actions/report/csv.js';
import type { Report } from '../../../src/actions/report/report.js';
import type { Finding } from '../../../src/detection/rule.js';
import { PbxClock } from '../../../src/time/pbx-clock.js';
import { DAY, HOSTILE, makeAllClearReport, makeCall, makeProfile, makeReport } from '../../helpers/report.js';

const FORMULA = /^[=+\-@\t\r]/;
/** Digits kept as text: the one formula tollguard writes. */
const TEXT_DIGITS = /^="\+?\d+(\.\d+)?"$/;
/** What a spreadsheet would show: digits as written, the neutralising apostrophe when it looked like a formula. */
/** Control characters, a lone CR and bidi overrides, shown as U+FFFD so a CSV on a terminal cannot steer it; CR LF is LF. */
const visible = (v: string) => v.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '\uFFFD');
const cell = (raw: string) => {
  const v = visible(raw);
  return /^\+?\d+(\.\d+)?$/.test(v) ? `="${v}"` : FORMULA.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
};

const rowsOf = (report: Report) => parse(renderFlaggedCallsCsv(report), { columns: true }) as Record<string, string>[];

test('the CSV has a header and one row per call, the worst incident first, its flagged and costliest calls on top', () => {
  const report = makeReport();
  // A call of 202 that only the PBX-wide cap brought in: it goes last.
  report.flaggedCalls!.push(makeCall('202', { start: Date.parse('2024-05-07T10:00:00Z'), price: { cost: 900, estimated: true, ratePerMinute: 1, billedSeconds: 60, rateName: 'x' } }));
  const text = renderFlaggedCallsCsv(report);
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text.replace(/"[^"]*"/g, '')), 'CRLF line ends outside quoted cells');
  const rows = rowsOf(report);
  assert.deepEqual(Object.keys(rows[0]!), [...FLAGGED_CALLS_COLUMNS]);
  assert.equal(rows.length, report.flaggedCalls!.length);
  assert.deepEqual(rows.map((r) => [r.incident, r.extension]), [['1', '="201"'], ['1', '="201"'], ['1', '="201"'], ['2', HOSTILE.extension], ['', '="202"']]);
  // Within incident 1: flagged before not flagged, then costliest first.
  const one = rows.filter((r) => r.incident === '1');
  const order = one.map((r) => [r.flagged, Number(r.cost)]);
  assert.deepEqual(order, [...order].sort((a, b) => Number(b[0] === 'yes') - Number(a[0] === 'yes') || (b[1] as number) - (a[1] as number)));
});

test('every row says why it is there: its incident and rules, or the PBX-wide cost cap', () => {
  const report = makeReport();
  report.flaggedCalls!.push(makeCall('202', { price: { cost: 0.5, estimated: true, ratePerMinute: 1, billedSeconds: 60, rateName: 'x' } }));
  const rows = rowsOf(report);
  for (const r of rows.filter((x) => x.incident === '1')) {
    assert.equal(r.why, 'ext 201, 2024-05-07: high-risk-destination volume-spike pbx-cost-cap');
    assert.equal(r.severity, 'critical');
  }
  const pbx = rows.find((r) => r.extension === '="202"')!;
  assert.deepEqual([pbx.incident, pbx.severity, pbx.why], ['', 'info', 'PBX-wide cost cap on 2024-05-07 (no incident of its own)']);
  assert.equal(pbx.flagged, 'no', 'half a euro is not what passed a cap of hundreds');
});

test('a call is flagged only by the rules that are about it: the after-hours rule leaves daytime domestic calls alone', () => {
  const base = makeReport();
  const f: Finding = { extension: '201', day: DAY, severity: 'critical', rule: 'after-hours-intl', title: 't', explanation: 'e', estimatedCost: 200, currency: 'EUR', evidence: {}, fingerprint: 'x' };
  const cap: Finding = { ...f, rule: 'cost-cap', fingerprint: 'y' };
  const night = makeCall('201', { afterHours: true, price: { cost: 150, estimated: true, ratePerMinute: 1, billedSeconds: 60, rateName: 'x' } });
  const noon = makeCall('201', {
    start: Date.parse('2024-05-07T10:00:00Z'),
    afterHours: false,
    dialled: '030123456',
    e164: '+4930123456',
    destination: { dialled: '030123456', e164: '+4930123456', kind: 'national', country: 'DE', callingCode: '49', numberClass: 'fixed', premium: false, highRisk: null, label: 'Germany' },
    price: { cost: 0.05, estimated: true, ratePerMinute: 0.02, billedSeconds: 150, rateName: 'x' },
  });
  const report: Report = { ...base, profiles: [makeProfile('201', DAY, { estimatedCost: 150.05 })], findings: [f, cap], flagged: [], flaggedCalls: [noon, night] };
  const rows = rowsOf(report);
  assert.deepEqual(rows.map((r) => [r.flagged, r.flagged_by, r.e164]), [
    ['yes', 'after-hours-intl cost-cap', '="+88216123456"'],
    ['no', '', '="+4930123456"'],
  ]);
});

test('every value parses back: digit strings stay text, formulas are neutralised with a leading apostrophe', () => {
  const report = makeReport();
  const rows = rowsOf(report);
  const clock = new PbxClock(report.window.timezone);
  for (const c of report.flaggedCalls!) {
    const row = rows.find((r) => r.start === clock.iso(c.start) && r.extension === cell(c.extension))!;
    assert.ok(row, `row for call at ${clock.iso(c.start)}`);
    assert.equal(row.clid, cell(c.clid));
    assert.equal(row.src, cell(c.src));
    assert.equal(row.dialled, cell(c.destination.dialled));
    assert.equal(row.e164, c.destination.e164 ? `="${c.destination.e164}"` : '');
    assert.equal(row.uniqueid, `="${c.uniqueid}"`);
    assert.equal(row.dcontext, cell(c.dcontext));
    assert.equal(row.channel, cell(c.channel));
    assert.equal(row.billsec, String(c.billsec));
    assert.equal(row.cost, String(Math.round(c.price.cost * 10_000) / 10_000));
    assert.equal(row.cost_estimated, String(c.price.estimated));
    assert.equal(row.high_risk, c.destination.highRisk ?? '');
    assert.equal(row.currency, report.summary.currency);
  }
  assert.ok(rows.some((r) => r.dialled === '="0088216123456"'), 'a spreadsheet keeps the leading zeros of 0088216123456');
  const hostile = rows.find((r) => r.clid?.includes('cmd|'))!;
  assert.equal(hostile.clid, `'${HOSTILE.formula}`);
  assert.ok(rows.some((r) => r.src === `'${HOSTILE.at}`));
  assert.ok(rows.some((r) => r.clid === HOSTILE.multiline.replace(/\r\n/g, '\n')), 'line breaks (as LF) and quotes survive inside a quoted cell');
  assert.ok(rows.some((r) => r.dialled === '-3'), 'a bare negative number is left alone');
  // No cell a spreadsheet would evaluate, apart from digits kept as text.
  for (const r of rows) for (const v of Object.values(r)) assert.ok(!FORMULA.test(v) || /^[+-]?\d+(\.\d+)?$/.test(v) || TEXT_DIGITS.test(v), `unsafe cell ${JSON.stringify(v)}`);
});

test('the all-clear CSV is the header alone; the BOM only when asked', () => {
  const text = renderFlaggedCallsCsv(makeAllClearReport());
  assert.equal(text, FLAGGED_CALLS_COLUMNS.join(',') + '\r\n');
  assert.ok(renderFlaggedCallsCsv(makeAllClearReport(), { bom: true }).startsWith('\uFEFFincident,'));
  const noCalls = makeReport();
  delete noCalls.flaggedCalls;
  assert.equal(parse(renderFlaggedCallsCsv(noCalls), { columns: true }).length, 0);
});
