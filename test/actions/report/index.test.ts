import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../../src/actions/report/index.js';
import { makeReport } from '../../helpers/report.js';

test('renderReport writes each format', () => {
  const report = makeReport();
  const out = Object.fromEntries(REPORT_FORMATS.map((f) => [f, renderReport(report, f)])) as Record<ReportFormat, string>;
  assert.match(out.text, /^tollguard report: /);
  assert.equal(JSON.parse(out.json).window.timezone, report.window.timezone);
  assert.match(out.html, /^<!DOCTYPE html>/);
  assert.equal(parse(out.csv, { columns: true }).length, report.flaggedCalls!.length);
  assert.ok(renderReport(report, 'text', { color: true }).includes('\x1b['));
  assert.ok(renderReport(report, 'csv', { bom: true }).startsWith('\uFEFF'));
  const capped = renderReport(report, 'html', { maxIncidents: 1 });
  assert.match(capped, /1 more incident/);
});

test('an unknown format is refused with the list of known ones', () => {
  assert.throws(() => renderReport(makeReport(), 'pdf' as ReportFormat), /unknown report format "pdf" \(known: text, json, html, csv\)/);
});
