// An incident's days against their history, as column charts built from
// table cells and fixed-height divs: Gmail strips SVG and no mail client runs
// canvas. Two charts: calls (international calls as the dark lower part of the
// outbound bar, since they are a subset) and cost. Each column is a few
// coloured runs; the usual day (baseline median) is a 2px mark on the
// incident's own columns, so the red bar shows how far above usual it went.
// A narrow axis gives the top value and 0, the x axis the first and last day.
// Markup is terse (one or two runs per ordinary day): Gmail clips mails over
// 102KB.
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
const AXIS_WIDTH = 38;

/** A bar of stacked parts, lowest first; each part's value includes the parts below it. */
interface Column {
  parts: { value: number; colour: string }[];
  /** Carries the usual-day mark (the incident's days). */
  marked: boolean;
}

/**
 * The chart of a flagged day (or of an incident's days, `days`, all
 * highlighted) against the lookback before it.
 */
export function renderChartHtml(flagged: FlaggedDay, currency: string, days: readonly string[] = [flagged.day], columnsShown = MAX_COLUMNS): string {
  const series = flagged.series.slice(-Math.min(columnsShown, MAX_COLUMNS));
  if (series.length === 0) return `<p style="margin:0;${SMALL}">No daily history to chart for this extension.</p>`;
  const strong = SEVERITY_COLOUR[flagged.worstSeverity];
  const light = SEVERITY_LIGHT[flagged.worstSeverity];
  const b = flagged.baseline;
  const marked = new Set(days);
  const isMarked = (p: ChartPoint): boolean => marked.has(p.day);
  const shown = series.filter(isMarked);
  const when = shown.length === 1 ? `on ${shown[0]!.day}` : `on ${shown.length} days`;
  const sum = (f: (p: ChartPoint) => number): number => shown.reduce((n, p) => n + f(p), 0);
  const money = (v: number): string => formatMoney(v, currency);

  const calls = series.map<Column>((p) => ({
    parts: [
      { value: p.internationalCalls, colour: isMarked(p) ? strong : HISTORY_DARK },
      { value: p.outboundCalls, colour: isMarked(p) ? light : HISTORY },
    ],
    marked: isMarked(p),
  }));
  const cost = series.map<Column>((p) => ({ parts: [{ value: p.estimatedCost, colour: isMarked(p) ? strong : HISTORY }], marked: isMarked(p) }));
  const history = `${formatCount(flagged.historyDays)} days${flagged.coldStart ? ", new extension: blended with the PBX's typical one" : ''}`;
  const first = series[0]!.day;
  const last = series[series.length - 1]!.day;
  const swatch = (c: string, w = 10, hgt = 10): string =>
    `<span style="display:inline-block;width:${w}px;height:${hgt}px;background:${c};vertical-align:middle;"></span>`;

  return (
    caption(
      'Outbound calls',
      shown.length ? `${formatCount(sum((p) => p.outboundCalls))}, ${formatCount(sum((p) => p.internationalCalls))} international, ${when}` : `none ${when}`,
      `usually ${formatMetric(b.outboundCalls)}, ${formatMetric(b.internationalCalls)} international`,
    ) +
    columns(calls, b.outboundCalls, (v) => formatCount(v)) +
    caption('Estimated cost', shown.length ? `${money(sum((p) => p.estimatedCost))} ${when}` : `none ${when}`, `usually ${money(b.estimatedCost)}`) +
    columns(cost, b.estimatedCost, axisMoney) +
    `<table ${TABLE}><tr><td width="${AXIS_WIDTH}"></td><td style="${SMALL}">${escapeHtml(first)}</td>` +
    `<td align="right" style="${SMALL}text-align:right;">${escapeHtml(last)}</td></tr></table>` +
    `<p style="margin:6px 0 0 0;${SMALL}">${swatch(HISTORY)} outbound ${swatch(HISTORY_DARK)} international ` +
    `${swatch(strong)} ${shown.length === 1 ? escapeHtml(shown[0]!.day) : 'the incident'} ${swatch(INK, 12, 2)} usual day (median of ${escapeHtml(history)})</p>`
  );
}

function caption(label: string, value: string, usual: string): string {
  return (
    `<p style="margin:10px 0 4px 0;font-size:13px;line-height:1.4;color:${INK};"><b>${escapeHtml(label)}</b>: ${escapeHtml(value)} ` +
    `<span style="color:${MUTED};">· ${escapeHtml(usual)}</span></p>`
  );
}

/** Axis labels for money: whole units from 100 up, so they fit the narrow axis. */
function axisMoney(v: number): string {
  return v >= 100 ? formatCount(v) : v >= 10 ? v.toFixed(0) : v.toFixed(2).replace(/\.00$/, '');
}

function columns(cols: Column[], baseline: number, label: (v: number) => string): string {
  let top = finite(baseline);
  for (const c of cols) for (const p of c.parts) top = Math.max(top, finite(p.value));
  const px = (v: number): number => (top > 0 && v > 0 ? Math.max(1, Math.round((v / top) * CHART_HEIGHT)) : 0);
  const marker = baseline > 0 ? Math.max(MARKER, px(baseline)) : 0;
  const cells = cols.map((c) => `<td height="${CHART_HEIGHT}">${stack(c.parts.map((p) => ({ height: px(finite(p.value)), colour: p.colour })), c.marked ? marker : 0)}</td>`);
  const half = CHART_HEIGHT / 2;
  const axis =
    `<td width="${AXIS_WIDTH}" style="padding:0 4px 0 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:10px;line-height:10px;color:${MUTED};">` +
    `<tr><td valign="top" align="right" height="${half}" style="text-align:right;white-space:nowrap;">${escapeHtml(label(top))}</td></tr>` +
    `<tr><td valign="bottom" align="right" height="${half}" style="text-align:right;">0</td></tr></table></td>`;
  // cellspacing separates the columns; font-size 0 stops clients padding empty divs to a line's height.
  return (
    `<table ${TABLE}><tr>${axis}<td>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="1" border="0" ` +
    `style="table-layout:fixed;border-bottom:1px solid ${RULE_LINE};border-left:1px solid ${RULE_LINE};font-size:0;line-height:0;"><tr valign="bottom">${cells.join('')}</tr></table></td></tr></table>`
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
