import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { FLAGGED_CALLS_COLUMNS, renderFlaggedCallsCsv } from '../../../src/actions/report/csv.js';
import { PbxClock } from '../../../src/time/pbx-clock.js';
import { HOSTILE, makeAllClearReport, makeReport } from '../../helpers/report.js';

const FORMULA = /^[=+\-@\t\r]/;
/** What a spreadsheet would show: the value with the neutralising apostrophe when it looked like a formula. */
const neutral = (v: string) => (FORMULA.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v) ? `'${v}` : v);

test('the CSV has a header and one row per flagged call, ordered by extension, day and start', () => {
  const report = makeReport();
  const text = renderFlaggedCallsCsv(report);
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text.replace(/"[^"]*"/g, '')), 'CRLF line ends outside quoted cells');
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), [...FLAGGED_CALLS_COLUMNS]);
  assert.equal(rows.length, report.flaggedCalls!.length);
  const sorted = [...report.flaggedCalls!].sort((a, b) => (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : a.start - b.start));
  assert.deepEqual(rows.map((r) => r.start), sorted.map((c) => new PbxClock(report.window.timezone).iso(c.start)));
});

test('every value parses back, formulas neutralised with a leading apostrophe', () => {
  const report = makeReport();
  const rows = parse(renderFlaggedCallsCsv(report), { columns: true }) as Record<string, string>[];
  const clock = new PbxClock(report.window.timezone);
  for (const c of report.flaggedCalls!) {
    const row = rows.find((r) => r.start === clock.iso(c.start) && r.extension === neutral(c.extension))!;
    assert.ok(row, `row for call at ${clock.iso(c.start)}`);
    assert.equal(row.clid, neutral(c.clid));
    assert.equal(row.src, neutral(c.src));
    assert.equal(row.dialled, neutral(c.destination.dialled));
    assert.equal(row.e164, c.destination.e164 ?? '');
    assert.equal(row.dcontext, neutral(c.dcontext));
    assert.equal(row.channel, neutral(c.channel));
    assert.equal(row.billsec, String(c.billsec));
    assert.equal(row.cost, String(Math.round(c.price.cost * 10_000) / 10_000));
    assert.equal(row.cost_estimated, String(c.price.estimated));
    assert.equal(row.high_risk, c.destination.highRisk ?? '');
    assert.equal(row.currency, report.summary.currency);
  }
  const hostile = rows.find((r) => r.clid?.includes('cmd|'))!;
  assert.equal(hostile.clid, `'${HOSTILE.formula}`);
  assert.ok(rows.some((r) => r.src === `'${HOSTILE.at}`));
  assert.ok(rows.some((r) => r.clid === HOSTILE.multiline), 'line breaks and quotes survive inside a quoted cell');
  assert.ok(rows.some((r) => r.dialled === '-3'), 'a bare negative number is left alone');
  assert.ok(rows.some((r) => r.src === '+4930123456'), 'an E.164 number is left alone');
  // No cell a spreadsheet would evaluate.
  for (const r of rows) for (const v of Object.values(r)) assert.ok(!FORMULA.test(v) || /^[+-]?\d+(\.\d+)?$/.test(v), `unsafe cell ${JSON.stringify(v)}`);
});

test('each row names the rules flagged on its extension-day', () => {
  const report = makeReport();
  const rows = parse(renderFlaggedCallsCsv(report), { columns: true }) as Record<string, string>[];
  for (const r of rows.filter((x) => x.extension === '201')) {
    const want = report.findings.filter((f) => f.extension === '201').map((f) => f.rule);
    assert.deepEqual(r.extension_day_rules!.split(' ').sort(), want.sort());
  }
});

test('the all-clear CSV is the header alone; the BOM only when asked', () => {
  const text = renderFlaggedCallsCsv(makeAllClearReport());
  assert.equal(text, FLAGGED_CALLS_COLUMNS.join(',') + '\r\n');
  assert.ok(renderFlaggedCallsCsv(makeAllClearReport(), { bom: true }).startsWith('\uFEFFextension,'));
  const noCalls = makeReport();
  delete noCalls.flaggedCalls;
  assert.equal(parse(renderFlaggedCallsCsv(noCalls), { columns: true }).length, 0);
});
