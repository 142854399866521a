// A flagged extension-day against its history, as column charts built from
// table cells and fixed-height divs: Gmail strips SVG and no mail client runs
// canvas. Two charts: calls (international calls as the dark lower part of the
// outbound bar, since they are a subset) and cost. Each column is a few
// coloured runs, and the baseline median is a 2px run drawn across every
// column, so it reads as a line. Markup is kept terse: Gmail clips mails over 102KB.
import type { ChartPoint, FlaggedDay } from './report.js';
import { escapeHtml } from './escape.js';
import { INK, MUTED, RULE_LINE, SEVERITY_COLOUR, SEVERITY_LIGHT, SMALL, TABLE } from './html-style.js';
import { formatCount, formatMetric, formatMoney } from './view.js';

export const CHART_HEIGHT = 56;
const MARKER = 2;
/** A month and a bit; more columns would be under 8px wide on a phone. */
const MAX_COLUMNS = 35;
const HISTORY = '#aab2bd';
const HISTORY_DARK = '#57606a';

/** A bar of stacked parts, lowest first; each part's value includes the parts below it. */
interface Column {
  parts: { value: number; colour: string }[];
}

export function renderChartHtml(flagged: FlaggedDay, currency: string): string {
  const series = flagged.series.slice(-MAX_COLUMNS);
  if (series.length === 0) return `<p style="margin:0;${SMALL}">No daily history to chart for this extension.</p>`;
  const strong = SEVERITY_COLOUR[flagged.worstSeverity];
  const light = SEVERITY_LIGHT[flagged.worstSeverity];
  const b = flagged.baseline;
  const today = series.find((p) => p.day === flagged.day);
  const isToday = (p: ChartPoint): boolean => p.day === flagged.day;
  const money = (v: number): string => formatMoney(v, currency);

  const calls = series.map<Column>((p) => ({
    parts: [
      { value: p.internationalCalls, colour: isToday(p) ? strong : HISTORY_DARK },
      { value: p.outboundCalls, colour: isToday(p) ? light : HISTORY },
    ],
  }));
  const cost = series.map<Column>((p) => ({ parts: [{ value: p.estimatedCost, colour: isToday(p) ? strong : HISTORY }] }));
  const history = `${formatCount(flagged.historyDays)} days${flagged.coldStart ? ", cold start: blended with the PBX's typical extension" : ''}`;
  const first = series[0]!.day;
  const last = series[series.length - 1]!.day;
  const swatch = (c: string, w = 10, hgt = 10): string =>
    `<span style="display:inline-block;width:${w}px;height:${hgt}px;background:${c};vertical-align:middle;"></span>`;

  return (
    caption(
      'Outbound calls',
      today ? `${formatCount(today.outboundCalls)}, of which ${formatCount(today.internationalCalls)} international, on ${flagged.day}` : `none on ${flagged.day}`,
      `baseline median ${formatMetric(b.outboundCalls)} outbound, ${formatMetric(b.internationalCalls)} international`,
    ) +
    columns(calls, b.outboundCalls) +
    caption('Estimated cost', today ? `${money(today.estimatedCost)} on ${flagged.day}` : `none on ${flagged.day}`, `baseline median ${money(b.estimatedCost)}`) +
    columns(cost, b.estimatedCost) +
    `<table ${TABLE}><tr><td style="${SMALL}">${escapeHtml(first)}</td>` +
    `<td align="right" style="${SMALL}text-align:right;">${escapeHtml(last)}</td></tr></table>` +
    `<p style="margin:6px 0 0 0;${SMALL}">${swatch(HISTORY)} outbound ${swatch(HISTORY_DARK)} international ` +
    `${swatch(strong)} ${escapeHtml(flagged.day)} ${swatch(INK, 12, 2)} baseline median (${escapeHtml(history)})</p>`
  );
}

function caption(label: string, value: string, baseline: string): string {
  return (
    `<p style="margin:10px 0 4px 0;font-size:13px;line-height:1.4;color:${INK};"><b>${escapeHtml(label)}</b>: ${escapeHtml(value)} ` +
    `<span style="color:${MUTED};">· ${escapeHtml(baseline)}</span></p>`
  );
}

function columns(cols: Column[], baseline: number): string {
  let top = finite(baseline);
  for (const c of cols) for (const p of c.parts) top = Math.max(top, finite(p.value));
  const px = (v: number): number => (top > 0 && v > 0 ? Math.max(1, Math.round((v / top) * CHART_HEIGHT)) : 0);
  const marker = baseline > 0 ? Math.max(MARKER, px(baseline)) : 0;
  const cells = cols.map((c) => `<td valign="bottom" height="${CHART_HEIGHT}">${stack(c.parts.map((p) => ({ height: px(finite(p.value)), colour: p.colour })), marker)}</td>`);
  // cellspacing separates the columns; font-size 0 stops clients padding empty divs to a line's height.
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="1" border="0" ` +
    `style="table-layout:fixed;border-bottom:1px solid ${RULE_LINE};font-size:0;line-height:0;"><tr>${cells.join('')}</tr></table>`
  );
}

/** Runs of colour from the highest coloured pixel down; heights in px from the bottom. */
function stack(parts: { height: number; colour: string }[], marker: number): string {
  const colourAt = (y: number): string => {
    if (marker > 0 && y >= marker - MARKER && y < marker) return INK;
    for (const p of parts) if (y < p.height) return p.colour;
    return '';
  };
  const edges = new Set([0, marker, Math.max(0, marker - MARKER)]);
  for (const p of parts) edges.add(p.height);
  const sorted = [...edges].filter((e) => e <= CHART_HEIGHT).sort((a, b) => b - a);
  let html = '';
  for (let i = 0; i < sorted.length - 1; i++) {
    const upper = sorted[i]!;
    const lower = sorted[i + 1]!;
    const fill = colourAt(lower);
    if (!fill && html === '') continue; // the cell is bottom-aligned: no need for the empty top
    html += fill ? `<div style="height:${upper - lower}px;background:${fill}"></div>` : `<div style="height:${upper - lower}px"></div>`;
  }
  return html;
}

const finite = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);
