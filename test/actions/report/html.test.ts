import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { escapeHtml } from '../../../src/actions/report/escape.js';
import { prose, renderChartHtml, renderHtml, renderHtmlBody } from '../../../src/actions/report/html.js';
import { CHART_HEIGHT } from '../../../src/actions/report/html-chart.js';
import { INK, SEVERITY_COLOUR, SEVERITY_LIGHT } from '../../../src/actions/report/html-style.js';
import { HOSTILE, makeAllClearReport, makeProfile, makeReport, visibleText } from '../../helpers/report.js';

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

export function assertSafe(doc: string): void {
  assert.ok(!/<script/i.test(doc), 'no script element');
  assert.ok(!/<(img|svg|iframe|object|embed|link|style|form|input|a)[\s>/]/i.test(doc), 'no elements that load or run anything');
  for (const t of tags(doc)) {
    if (t.name === '!doctype') continue;
    assert.ok(ALLOWED_TAGS.has(t.name), `unexpected tag ${t.raw}`);
    for (const a of t.attributes) assert.ok(ALLOWED_ATTRIBUTES.has(a), `unexpected attribute ${a} in ${t.raw}`);
    assert.equal(new Set(t.attributes).size, t.attributes.length, `an attribute twice in ${t.raw}`);
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

test('incidents first: the headline, one line per incident, then a card per incident with its commands and every finding', () => {
  const report = makeReport();
  const doc = renderHtml(report);
  const text = visibleText(doc);
  const at = (s: string) => {
    const i = text.indexOf(s);
    assert.ok(i >= 0, `missing ${JSON.stringify(s)}`);
    return i;
  };
  assert.match(text, /2 incidents need action1 critical, 1 warning · EUR 593\.46 estimated/);
  // The bookkeeping follows the headline, smaller: findings by severity and the rows read.
  assert.ok(at('1 critical, 2 warning, 1 info findings') > at('2 incidents need action'));
  assert.ok(text.includes('1,000 CDR rows read: 900 used (900 in the window, 0 for baselines), 60 set aside in /var/lib/tollguard/quarantine-2024-05-07.jsonl, 40 outside the window'));
  // The worst incident (201, critical) before the warning one, each with what to do.
  assert.ok(at('incident 1 of 2Ext 201') < at(`incident 2 of 2Ext ${HOSTILE.extension}`));
  assert.ok(text.includes("tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'"));
  // A name no endpoint has gets no command (the CLI would refuse it), and is escaped for HTML.
  assert.ok(!text.includes(`tollguard lockout add '${HOSTILE.extension}'`), 'no command for a name the CLI refuses');
  assert.ok(text.includes('Lock the extension on the PBX by hand'));
  for (const f of report.findings) {
    assert.ok(text.includes(f.title), `title of ${f.rule}`);
    assert.ok(text.includes(f.explanation), `explanation of ${f.rule}`);
  }
  assert.ok(text.includes('volume-spike, warning: usual = median of the weekdays in 14 days of history; 19x the usual; robust z 40.2'), 'statistics in the details line');
  assert.ok(at('Outbound calls far above normal') > at('What to do now'), 'the evidence comes after the steps');
  // The PBX-wide finding is evidence in the incidents that spent money that day.
  assert.equal(text.split('PBX cost above the daily cap (whole PBX)').length - 1, 2);
  // Shared facts once per incident: numbers and example calls.
  const fraud = report.profiles.find((p) => p.extension === '201')!;
  const numbers = doc.split('Costliest numbers')[1]!.split('Example calls')[0]!;
  for (const d of fraud.topDestinations) assert.equal(numbers.split(escapeHtml(d.e164!)).length - 1, 1, `${d.e164} once`);
  assert.equal(doc.split('Costliest numbers').length - 1, 1, 'one list of numbers for 201 (the other incident has none), not one per finding');
  for (const e of fraud.examples) assert.ok(doc.includes(escapeHtml(e.clid)));
});

test('on a phone nothing breaks inside a date, an amount or a command token', () => {
  assert.equal(prose('57 calls on 2024-05-07, EUR 593.46, chance 4.75e-107'), '57 calls on <span style="white-space:nowrap;">2024-05-07</span>, EUR&nbsp;593.46, chance <span style="white-space:nowrap;">4.75e-107</span>');
  const doc = renderHtml(makeReport());
  assert.ok(doc.includes('<span style="white-space:nowrap;">--reason</span>'));
  assert.ok(doc.includes('EUR\u00a0513.46'), 'money joined by a no-break space');
  assert.ok(!/word-break:break-all/.test(doc), 'nothing may break "1007" into "1 007"');
});

test('the chart has one column per day with axis values, highlights the incident days and marks the usual day on them', () => {
  const flagged = makeReport().flagged[0]!;
  const html = renderChartHtml(flagged, 'EUR');
  assertSafe(html);
  const charts = html.split('cellspacing="1"').slice(1).map((t) => [...t.split('</table>')[0]!.matchAll(/<td height="56">(.*?)<\/td>/g)].map((m) => m[1]!));
  const [calls, cost] = charts;
  assert.equal(calls!.length, flagged.series.length, 'one calls column per day');
  assert.equal(cost!.length, flagged.series.length, 'one cost column per day');
  const runs = (col: string) => [...col.matchAll(/<div style="height:(\d+)px(?:;background:(#[0-9a-f]+))?"><\/div>/g)].map((m) => ({ px: Number(m[1]), colour: m[2] ?? '' }));
  const painted = (col: string, colour?: string) => runs(col).filter((r) => (colour ? r.colour === colour : r.colour !== '')).reduce((n, r) => n + r.px, 0);
  // The flagged day is the last and tallest column: it fills the chart, in its severity colours, with the usual day's mark.
  const today = calls!.at(-1)!;
  assert.equal(painted(today), CHART_HEIGHT);
  assert.ok(painted(today, SEVERITY_COLOUR.critical) > 0 && painted(today, SEVERITY_LIGHT.critical) > 0);
  const top = flagged.series.at(-1)!.outboundCalls;
  const marker = Math.max(2, Math.round((flagged.baseline.outboundCalls / top) * CHART_HEIGHT));
  assert.ok(runs(today).some((r) => r.px === 2 && r.colour === INK), 'usual-day mark on the flagged day');
  assert.equal(painted(today, INK), 2);
  assert.ok(marker <= CHART_HEIGHT);
  // International calls are the dark part of the bar: 55 of 57 on the flagged day (less the mark drawn over it).
  const intl = painted(today, SEVERITY_COLOUR.critical);
  assert.ok(intl >= Math.round((55 / 57) * CHART_HEIGHT) - 2 && intl <= Math.round((55 / 57) * CHART_HEIGHT), `intl part ${intl}px`);
  // Earlier columns are proportional to their value, in history colours, with no mark.
  for (const [i, col] of calls!.slice(0, -1).entries()) {
    assert.equal(painted(col), Math.round((flagged.series[i]!.outboundCalls / top) * CHART_HEIGHT), `column ${i}`);
    assert.equal(painted(col, SEVERITY_COLOUR.critical) + painted(col, INK), 0, `column ${i} is history`);
  }
  // Axis values: the top of each chart and 0; the first and last day under them.
  const text = visibleText(html);
  assert.match(text, /Outbound calls: 57, 55 international, on 2024-05-07 · usually 3\.5, 0 international570/);
  assert.match(text, /Estimated cost: EUR 513\.46 on 2024-05-07 · usually EUR 0\.455130/);
  assert.match(text, /2024-04-232024-05-07/);
});

test('an incident over several days highlights all of them', () => {
  const flagged = makeReport().flagged[0]!;
  const html = renderChartHtml(flagged, 'EUR', [flagged.series.at(-2)!.day, flagged.day]);
  const cols = [...html.split('cellspacing="1"')[1]!.split('</table>')[0]!.matchAll(/<td height="56">(.*?)<\/td>/g)].map((m) => m[1]!);
  const highlighted = (col: string) => col.includes(SEVERITY_COLOUR.critical) || col.includes(SEVERITY_LIGHT.critical);
  assert.ok(highlighted(cols.at(-2)!) && highlighted(cols.at(-1)!));
  assert.ok(!highlighted(cols.at(-3)!));
  assert.match(visibleText(html), /on 2 days/);
});

test('the chart copes with an empty series and an all-zero day', () => {
  const flagged = { ...makeReport().flagged[0]!, series: [] };
  assert.match(renderChartHtml(flagged, 'EUR'), /No daily history/);
  const zero = { ...flagged, series: [{ day: '2024-05-07', outboundCalls: 0, internationalCalls: 0, estimatedCost: 0 }], baseline: { outboundCalls: 0, internationalCalls: 0, estimatedCost: 0 } };
  const html = renderChartHtml(zero, 'EUR');
  assert.ok(!/NaN|Infinity/.test(html));
});

test('the all-clear report says so and has no incident section', () => {
  const report = makeAllClearReport();
  const doc = renderHtml(report);
  assertSafe(doc);
  assert.match(visibleText(doc), /All clear/);
  assert.ok(!/Costliest numbers|Example calls|What to do now/.test(doc));
  assert.ok(doc.includes('2024-05-07'));
});

test('harmless activity is one short table: other extensions with cost, costliest first, capped', () => {
  const report = makeReport();
  const many = Array.from({ length: 30 }, (_, i) => makeProfile(String(3000 + i), '2024-05-07', { estimatedCost: i }));
  const big = { ...report, profiles: [...report.profiles, ...many] };
  const text = visibleText(renderHtmlBody(big, { maxActivityRows: 10 }));
  assert.match(text, /Everything else: 31 extensions, 124 calls, EUR 435\.42/);
  assert.ok(text.includes('21 more extensions not shown'));
  assert.ok(text.includes('3029'), 'costliest extension shown');
  assert.ok(!text.includes('3000'), 'an extension without cost left out');
  assert.ok(!/\b203\b/.test(text.split('Everything else')[1]!), 'an extension without calls left out');
  assert.ok(!/\b201\b/.test(text.split('Everything else')[1]!), 'an incident is not "everything else"');
});

test('incidents past maxIncidents get one line and their command; charts past maxCharts are left out, findings are not', () => {
  const report = makeReport();
  const capped = visibleText(renderHtmlBody(report, { maxIncidents: 1 }));
  assert.match(capped, /1 more incident/);
  assert.ok(!capped.includes(`lockout add '${HOSTILE.extension}'`), 'no command for a name the CLI refuses');
  assert.ok(capped.includes(HOSTILE.extension), 'the capped incident is still named');
  const body = renderHtmlBody(report, { maxCharts: 1 });
  assert.equal(body.split('cellspacing="1"').length - 1, 2, 'two charts (calls, cost) of the worst incident only');
  for (const f of report.findings) assert.ok(visibleText(body).includes(f.title));
});

test('the sample report is written to /tmp/report.html for a look', () => {
  const doc = renderHtml(makeReport());
  writeFileSync('/tmp/report.html', doc);
  assert.ok(doc.length < 100_000, `small enough for a mail (${doc.length} bytes)`);
});

test('a caller ID is shown as Asterisk writes it, not quoted again; one call is "1 call"', () => {
  const report = makeReport();
  const hostile = report.profiles.find((p) => p.extension === HOSTILE.extension)!;
  hostile.outboundCalls = 1;
  hostile.examples[0]!.clid = '"Grace" <1007>';
  report.profiles.find((p) => p.extension === '201')!.examples[0]!.clid = '"" <anonymous>';
  const doc = renderHtml(report);
  assert.ok(doc.includes('caller ID &quot;Grace&quot; &lt;1007&gt; ·'));
  assert.ok(doc.includes('caller ID &quot;&quot; &lt;anonymous&gt; ·'));
  assert.doesNotMatch(doc, /caller ID “/);
  assert.match(doc, /<b>1&nbsp;call<\/b>/);
  assert.doesNotMatch(doc, /\b1&nbsp;calls\b/);
});
