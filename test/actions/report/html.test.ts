import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { escapeHtml } from '../../../src/actions/report/escape.js';
import { renderChartHtml, renderHtml, renderHtmlBody } from '../../../src/actions/report/html.js';
import { CHART_HEIGHT } from '../../../src/actions/report/html-chart.js';
import { SEVERITY_COLOUR, SEVERITY_LIGHT } from '../../../src/actions/report/html-style.js';
import { HOSTILE, makeAllClearReport, makeProfile, makeReport } from '../../helpers/report.js';

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'table', 'tr', 'td', 'th', 'div', 'span', 'p', 'b', 'h1', 'h2', 'br']);
const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'name', 'content', 'style', 'role', 'width', 'cellpadding', 'cellspacing', 'border', 'bgcolor', 'align', 'valign', 'title', 'height']);

/** Every real tag in the document. Data is escaped, so each literal "<" opens one of ours. */
function tags(doc: string): { name: string; attributes: string[]; raw: string }[] {
  const out = [];
  for (const m of doc.matchAll(/<(\/?)([a-zA-Z0-9!]+)([^>]*)>/g)) {
    const attributes = [...m[3]!.matchAll(/\s([a-zA-Z-]+)=("[^"]*"|'[^']*'|[^\s"'>]+)/g)].map((a) => a[1]!.toLowerCase());
    out.push({ name: m[2]!.toLowerCase(), attributes, raw: m[0] });
  }
  return out;
}

function assertSafe(doc: string): void {
  assert.ok(!/<script/i.test(doc), 'no script element');
  assert.ok(!/<(img|svg|iframe|object|embed|link|style|form|input|a)[\s>/]/i.test(doc), 'no elements that load or run anything');
  for (const t of tags(doc)) {
    if (t.name === '!doctype') continue;
    assert.ok(ALLOWED_TAGS.has(t.name), `unexpected tag ${t.raw}`);
    for (const a of t.attributes) assert.ok(ALLOWED_ATTRIBUTES.has(a), `unexpected attribute ${a} in ${t.raw}`);
    assert.ok(!/url\(|expression\(|javascript:/i.test(t.raw), `no url() or script in ${t.raw}`);
  }
  // Every "<" and ">" sits in a tag: nothing from data survived unescaped.
  const stripped = doc.replace(/<(\/?)([a-zA-Z0-9!]+)([^>]*)>/g, '');
  assert.ok(!/[<>]/.test(stripped), 'stray angle bracket outside tags');
}

test('the HTML report escapes every hostile CDR string and stays self-contained', () => {
  const report = makeReport();
  const doc = renderHtml(report);
  assertSafe(doc);
  for (const s of [HOSTILE.script, HOSTILE.img, HOSTILE.extension]) {
    assert.ok(!doc.includes(s), `raw ${s} in output`);
    assert.ok(doc.includes(escapeHtml(s)), `escaped ${s} shown`);
  }
  assert.ok(!doc.includes('\x1b'), 'no escape character');
  assert.ok(!doc.includes('\u202E'), 'no bidi override');
  assert.ok(!/\s(src|href)=/i.test(tags(doc).map((t) => t.raw).join('')), 'no src or href on any tag');
});

test('the HTML report names each flagged extension-day and every finding, worst first', () => {
  const report = makeReport();
  const doc = renderHtml(report);
  for (const f of report.findings) {
    assert.ok(doc.includes(escapeHtml(f.title)), `title of ${f.rule}`);
    assert.ok(doc.includes(escapeHtml(f.explanation)), `explanation of ${f.rule}`);
  }
  assert.ok(doc.includes('Extension 201 · 2024-05-07'));
  assert.ok(doc.includes(`Extension ${escapeHtml(HOSTILE.extension)}`));
  assert.ok(doc.includes('Whole PBX'));
  // The critical finding's section comes before the warnings'.
  const critical = report.findings.find((f) => f.severity === 'critical')!;
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  for (const w of warnings) assert.ok(doc.indexOf(escapeHtml(critical.title)) < doc.indexOf(escapeHtml(w.title)));
  // Top destinations and example calls of the fraud day.
  const fraud = report.profiles.find((p) => p.extension === '201')!;
  for (const d of fraud.topDestinations) assert.ok(doc.includes(escapeHtml(d.e164 ?? d.dialled)));
  for (const e of fraud.examples) assert.ok(doc.includes(escapeHtml(e.clid)));
  for (const [severity, n] of Object.entries(report.summary.findings)) assert.match(doc, new RegExp(`>${n}</div><div[^>]*>${severity}<`));
  assert.ok(doc.includes(report.summary.quarantineFile!));
});

test('the chart has one column per day, highlights the flagged day and draws the baseline', () => {
  const flagged = makeReport().flagged[0]!;
  const html = renderChartHtml(flagged, 'EUR');
  assertSafe(html);
  const [calls, cost] = html.split('<table').slice(1, 3).map((t) => t.split('<td valign="bottom"').slice(1));
  assert.equal(calls!.length, flagged.series.length, 'one calls column per day');
  assert.equal(cost!.length, flagged.series.length, 'one cost column per day');
  const runs = (col: string) => [...col.matchAll(/<div style="height:(\d+)px(?:;background:(#[0-9a-f]+))?"><\/div>/g)].map((m) => ({ px: Number(m[1]), colour: m[2] ?? '' }));
  const painted = (col: string, colour?: string) => runs(col).filter((r) => (colour ? r.colour === colour : r.colour !== '')).reduce((n, r) => n + r.px, 0);
  // The flagged day is the last and tallest column: it fills the chart, in its severity colours.
  const today = calls!.at(-1)!;
  assert.equal(painted(today), CHART_HEIGHT);
  assert.ok(painted(today, SEVERITY_COLOUR.critical) > 0 && painted(today, SEVERITY_LIGHT.critical) > 0);
  assert.ok(calls!.slice(0, -1).every((c) => painted(c, SEVERITY_COLOUR.critical) === 0), 'only the flagged day is highlighted');
  // International calls are the dark part of the bar: 55 of 57 on the flagged day.
  const intl = painted(today, SEVERITY_COLOUR.critical);
  assert.ok(intl >= Math.round((55 / 57) * CHART_HEIGHT) - 2 && intl <= Math.round((55 / 57) * CHART_HEIGHT), `intl part ${intl}px`);
  // Earlier columns are proportional to their value, and every one carries the baseline marker at the same height.
  const top = flagged.series.at(-1)!.outboundCalls;
  const marker = Math.max(2, Math.round((flagged.baseline.outboundCalls / top) * CHART_HEIGHT));
  for (const [i, col] of calls!.slice(0, -1).entries()) {
    const bar = Math.round((flagged.series[i]!.outboundCalls / top) * CHART_HEIGHT);
    // Bottom-aligned cell: the stack reaches the bar's top or the marker's, whichever is higher.
    assert.equal(runs(col).reduce((n, r) => n + r.px, 0), Math.max(bar, marker), `column ${i}`);
    assert.ok(runs(col).some((r) => r.px === 2 && r.colour === '#1f2328'), `baseline marker in column ${i}`);
  }
  assert.ok(html.includes('baseline median 3.5 outbound, 0 international'));
  assert.ok(html.includes('57, of which 55 international, on 2024-05-07'));
  assert.ok(html.includes('baseline median EUR 0.45'));
});

test('the chart copes with an empty series and an all-zero day', () => {
  const flagged = { ...makeReport().flagged[0]!, series: [] };
  assert.match(renderChartHtml(flagged, 'EUR'), /No daily history/);
  const zero = { ...flagged, series: [{ day: '2024-05-07', outboundCalls: 0, internationalCalls: 0, estimatedCost: 0 }], baseline: { outboundCalls: 0, internationalCalls: 0, estimatedCost: 0 } };
  const html = renderChartHtml(zero, 'EUR');
  assert.ok(!/NaN|Infinity/.test(html));
});

test('the all-clear report says so and has no findings section', () => {
  const report = makeAllClearReport();
  const doc = renderHtml(report);
  assertSafe(doc);
  assert.match(doc, /All clear/);
  assert.ok(!/Top destinations|Example calls/.test(doc));
  assert.ok(doc.includes('2024-05-07'));
});

test('the activity table is capped with a note for large PBXs', () => {
  const report = makeReport();
  const many = Array.from({ length: 30 }, (_, i) => makeProfile(String(3000 + i), '2024-05-07', { estimatedCost: i }));
  const big = { ...report, profiles: [...report.profiles, ...many] };
  const active = big.profiles.filter((p) => p.outboundCalls > 0).length;
  const body = renderHtmlBody(big, { maxProfileRows: 10 });
  assert.ok(body.includes(`${active - 10} more extension-days with calls are not shown`));
  assert.ok(body.includes('>3029<'), 'costliest extension shown');
  assert.ok(!body.includes('>3000<'), 'cheapest extension left out');
  assert.ok(!body.includes('>203<'), 'extension without calls left out');
});

test('charts beyond maxCharts are left out, findings are not', () => {
  const report = makeReport();
  const body = renderHtmlBody(report, { maxCharts: 1 });
  assert.equal(body.split('<td valign="bottom"').length - 1, report.flagged[0]!.series.length * 2, 'only the worst day charted');
  for (const f of report.findings) assert.ok(body.includes(escapeHtml(f.title)));
});

test('ten flagged days with a month of history stay under the 102KB Gmail clips at, given 3 charts', () => {
  const base = makeReport();
  const flagged = Array.from({ length: 10 }, (_, i) => ({ ...base.flagged[0]!, extension: String(500 + i), series: Array.from({ length: 29 }, (_, d) => ({ day: `2024-04-${String(d + 1).padStart(2, '0')}`, outboundCalls: d, internationalCalls: d % 4, estimatedCost: d * 1.5 })) }));
  const profiles = flagged.map((f) => ({ ...base.profiles[1]!, extension: f.extension }));
  const findings = flagged.flatMap((f) => base.findings.filter((x) => x.extension === '201').map((x) => ({ ...x, extension: f.extension })));
  const doc = renderHtml({ ...base, flagged, profiles, findings }, { maxCharts: 3 });
  assert.ok(Buffer.byteLength(doc) < 102 * 1024, `${Buffer.byteLength(doc)} bytes`);
});

test('the sample report is written to /tmp/report.html for a look', () => {
  const doc = renderHtml(makeReport());
  writeFileSync('/tmp/report.html', doc);
  assert.ok(doc.length < 100_000, `small enough for a mail (${doc.length} bytes)`);
});
