// The report as one self-contained HTML file that is also a safe mail body:
// no scripts, no external resources, inline styles only, table layout at most
// 680px wide. Every string from a CDR goes through escapeHtml.
import { SEVERITIES } from '../../detection/rule.js';
import type { Finding } from '../../detection/rule.js';
import type { CallExample, DailyProfile, DestinationSummary } from '../../profiles/daily-profile.js';
import { configurationHtml } from '../../audit/render/section.js';
import { escapeHtml as h, oneLine } from './escape.js';
import { renderChartHtml } from './html-chart.js';
import {
  badge,
  card,
  CELL,
  DATA_TABLE,
  FONT,
  H2,
  HEAD_CELL,
  INK,
  MUTED,
  COMPACT_TABLE,
  MONO,
  OK,
  PAGE,
  SEVERITY_COLOUR,
  SEVERITY_TINT,
  SMALL,
  TABLE,
} from './html-style.js';
import type { Report } from './report.js';
import {
  extensionDayKey,
  extensionLabel,
  formatCount,
  formatMoney,
  formatSeconds,
  groupFindings,
  noCdrWarning,
  rowsUnaccounted,
  type FlaggedGroup,
} from './view.js';

export { renderChartHtml };

export interface HtmlOptions {
  /** Rows of the activity table; the rest is counted in a note (default 200). */
  maxProfileRows?: number;
  /** Flagged extension-days drawn as charts, worst first; the rest get their findings only (default 20). */
  maxCharts?: number;
  /** Document title; default names the window. */
  title?: string;
}

/** A whole HTML document. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const title = options.title ?? `tollguard report ${report.window.from} to ${report.window.to}`;
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    // Stops iOS turning fraud numbers into tap-to-call links.
    '<meta name="format-detection" content="telephone=no">' +
    `<title>${h(oneLine(title, 200))}</title></head>\n` +
    `<body style="margin:0;padding:0;background:${PAGE};">\n${renderHtmlBody(report, options)}\n</body></html>\n`
  );
}

/** The body alone: a full-width table holding a centred 680px column, for embedding in a mail. */
export function renderHtmlBody(report: Report, options: HtmlOptions = {}): string {
  const groups = groupFindings(report);
  const rows = [
    renderHeaderHtml(report),
    renderSummaryHtml(report),
    groups.length === 0 ? renderAllClearHtml(report) : renderFindingsHtml(report, options.maxCharts ?? 20),
    configurationHtml(report.configuration),
    renderProfilesTableHtml(report, options.maxProfileRows ?? 200),
    renderFooterHtml(report),
  ];
  return (
    `<div style="display:none;max-height:0;overflow:hidden;">${h(preheader(report))}</div>` +
    `<table ${TABLE} bgcolor="${PAGE}" style="background:${PAGE};"><tr><td align="center" style="padding:12px 8px;">` +
    `<table ${TABLE} style="max-width:680px;width:100%;font-family:${FONT};color:${INK};">\n` +
    rows.join('\n') +
    '\n</table></td></tr></table>'
  );
}

/** The line mail clients show beside the subject. */
function preheader(report: Report): string {
  const f = report.summary.findings;
  const total = (f.critical ?? 0) + (f.warning ?? 0) + (f.info ?? 0);
  if (total === 0) return `All clear for ${report.window.from} to ${report.window.to}.`;
  return `${f.critical ?? 0} critical, ${f.warning ?? 0} warning, ${f.info ?? 0} info; flagged cost ${formatMoney(report.summary.flaggedCost, report.summary.currency)}.`;
}

function renderHeaderHtml(report: Report): string {
  const w = report.window;
  const range = w.from === w.to ? w.from : `${w.from} to ${w.to}`;
  return (
    `<tr><td style="padding:4px 2px 12px 2px;">` +
    `<h1 style="margin:0;font-size:20px;line-height:1.3;color:${INK};">Toll-fraud report: ${h(range)}</h1>` +
    `<p style="margin:4px 0 0 0;${SMALL}">Timezone ${h(w.timezone)} · generated ${h(report.generatedAt)}</p></td></tr>`
  );
}

export function renderSummaryHtml(report: Report): string {
  const s = report.summary;
  const counts = [...SEVERITIES]
    .reverse()
    .map(
      (v) =>
        `<td width="33%" align="center" style="padding:6px 2px;text-align:center;">` +
        `<div style="font-size:24px;font-weight:bold;color:${(s.findings[v] ?? 0) > 0 ? SEVERITY_COLOUR[v] : MUTED};">${h(formatCount(s.findings[v] ?? 0))}</div>` +
        `<div style="${SMALL}">${h(v)}</div></td>`,
    )
    .join('');
  const est = s.costEstimated ? ' (estimated)' : '';
  const gap = rowsUnaccounted(s);
  const line = (label: string, value: string): string =>
    `<tr><td style="${CELL}color:${MUTED};">${h(label)}</td><td align="right" style="${CELL}text-align:right;">${h(value)}</td></tr>`;
  const table =
    `<table ${DATA_TABLE}>` +
    line('Cost of outbound calls', formatMoney(s.estimatedCost, s.currency) + est) +
    line('Cost on flagged extension-days', formatMoney(s.flaggedCost, s.currency) + est) +
    line('Outbound calls in the window', `${formatCount(s.outboundCalls)} from ${formatCount(s.extensions)} extensions`) +
    line('Internal / inbound / other legs / blocked', [s.internalCalls, s.inboundCalls, s.otherLegs, s.blockedCalls].map(formatCount).join(' / ')) +
    line('CDR rows read', formatCount(s.rowsRead)) +
    line('used / quarantined / outside window', [s.rowsUsed, s.rowsQuarantined, s.rowsOutsideWindow].map(formatCount).join(' / ')) +
    line('used: in the window / lookback', [s.rowsInWindow, s.rowsUsed - s.rowsInWindow].map(formatCount).join(' / ')) +
    (gap !== 0 ? line('Rows unaccounted for', formatCount(gap)) : '') +
    (s.rowsQuarantined > 0 ? line('Quarantined rows set aside in', s.quarantineFile ?? '(not written)') : '') +
    '</table>';
  const warning = noCdrWarning(report);
  const warningHtml = warning ? `<p style="margin:8px 0 0 0;font-size:14px;line-height:1.5;color:${SEVERITY_COLOUR.critical};"><b>Warning:</b> ${h(warning)}</p>` : '';
  return card(`<h2 style="${H2}">Summary</h2><table ${TABLE} style="margin-bottom:8px;"><tr>${counts}</tr></table>${table}${warningHtml}`);
}

function renderAllClearHtml(report: Report): string {
  if (noCdrWarning(report)) {
    return card(`<h2 style="${H2}">No findings</h2><p style="margin:0;font-size:14px;line-height:1.5;color:${INK};">Days without CDRs were not judged: see the warning above.</p>`);
  }
  return card(
    `<h2 style="${H2}color:${OK};">All clear</h2>` +
      `<p style="margin:0;font-size:14px;line-height:1.5;color:${INK};">No suspicious calling was found in this window: ` +
      'no extension called high-risk or premium-rate destinations or departed from its usual pattern.</p>',
    OK,
  );
}

/** One section per flagged extension-day, worst first. */
export function renderFindingsHtml(report: Report, maxCharts = Infinity): string {
  return groupFindings(report)
    .map((g, i) => renderFlaggedGroupHtml(g, report.summary.currency, i < maxCharts))
    .join('\n');
}

export function renderFlaggedGroupHtml(g: FlaggedGroup, currency: string, chart = true): string {
  const p = g.profile;
  const stats = p
    ? `${formatCount(p.outboundCalls)} outbound (${formatCount(p.answeredCalls)} answered) · ${formatCount(p.internationalCalls)} international · ` +
      `${formatCount(p.premiumCalls)} premium · ${formatCount(p.highRiskCalls)} high-risk · ${formatSeconds(p.billsec)} · ` +
      `${formatMoney(p.estimatedCost, currency)}${p.costEstimated ? ' (estimated)' : ''}`
    : '';
  const parts = [
    `<p style="margin:0 0 4px 0;">${badge(g.worst)}</p>`,
    `<h2 style="${H2}">${h(capitalise(extensionLabel(g.extension, g.caller)))} · ${h(g.day)}</h2>`,
    stats ? `<p style="margin:0 0 8px 0;${SMALL}">${h(stats)}</p>` : '',
    ...g.findings.map(renderFindingHtml),
    g.chart && chart ? `<div style="margin-top:12px;">${renderChartHtml(g.chart, currency)}</div>` : '',
    p && p.topDestinations.length > 0 ? renderDestinationsHtml(p.topDestinations, currency) : '',
    p && p.examples.length > 0 ? renderExamplesHtml(p.examples, currency) : '',
  ];
  return card(parts.join(''), SEVERITY_COLOUR[g.worst]);
}

function renderFindingHtml(f: Finding): string {
  return (
    `<table ${TABLE} bgcolor="${SEVERITY_TINT[f.severity]}" style="background:${SEVERITY_TINT[f.severity]};` +
    `border-left:3px solid ${SEVERITY_COLOUR[f.severity]};margin:6px 0;"><tr><td style="padding:8px 10px;">` +
    `<p style="margin:0;font-size:14px;line-height:1.4;color:${INK};">${badge(f.severity)} <b>${h(f.title)}</b></p>` +
    `<p style="margin:4px 0 0 0;font-size:13px;line-height:1.5;color:${INK};">${h(f.explanation)}</p>` +
    `<p style="margin:4px 0 0 0;${SMALL}">rule ${h(f.rule)}` +
    (f.estimatedCost > 0 ? ` · ${h(formatMoney(f.estimatedCost, f.currency))}` : '') +
    '</p></td></tr></table>'
  );
}

function renderDestinationsHtml(destinations: DestinationSummary[], currency: string): string {
  // Zebra rows and table-wide padding instead of a style per cell: a few KB less per section.
  const rows = destinations.map((d, i) => {
    const number = d.e164 ?? d.dialled;
    const dialled = d.e164 && d.e164 !== d.dialled ? `<br><span style="${SMALL}">dialled ${h(d.dialled)}</span>` : '';
    const tags = [d.numberClass, d.premium ? 'premium' : ''].filter(Boolean).join(', ');
    const risk = d.highRisk ? `<br><span style="color:${SEVERITY_COLOUR.critical};">high-risk: ${h(d.highRisk)}</span>` : '';
    return (
      `<tr valign="top"${i % 2 === 1 ? ` bgcolor="${PAGE}"` : ''}><td style="${MONO}">${h(number)}${dialled}</td>` +
      `<td>${h(d.label)}${d.country ? ` (${h(d.country)})` : ''}</td><td>${h(tags)}${risk}</td>` +
      `<td align="right">${h(formatCount(d.calls))}</td><td align="right">${h(formatCount(d.answered))}</td>` +
      `<td align="right">${h(formatMoney(d.cost, currency))}</td></tr>`
    );
  });
  const head = ['Number', 'Destination', 'Class', 'Calls', 'Ans.', 'Cost']
    .map((c, i) => `<th align="${i >= 3 ? 'right' : 'left'}" style="${HEAD_CELL}${i >= 3 ? 'text-align:right;' : ''}">${c}</th>`)
    .join('');
  return (
    `<p style="margin:14px 0 4px 0;font-size:14px;font-weight:bold;color:${INK};">Top destinations</p>` +
    `<table ${COMPACT_TABLE}><tr>${head}</tr>${rows.join('')}</table>`
  );
}

function renderExamplesHtml(examples: CallExample[], currency: string): string {
  const items = examples.map((e) => {
    const number = e.e164 && e.e164 !== e.dialled ? `${h(e.e164)} (dialled ${h(e.dialled)})` : h(e.dialled);
    return (
      `<tr><td style="${CELL}">` +
      `<span style="font-family:Menlo,Consolas,monospace;font-size:12px;word-break:break-all;">${number}</span> · ${h(e.label)}<br>` +
      `<span style="${SMALL}">${h(e.time)} · ${h(e.disposition)} · ${h(formatSeconds(e.billsec))} · ${h(formatMoney(e.cost, currency))}` +
      ` · caller ID “${h(e.clid)}” · ${h(e.origin)}</span></td></tr>`
    );
  });
  return (
    `<p style="margin:14px 0 4px 0;font-size:14px;font-weight:bold;color:${INK};">Example calls</p>` +
    `<table ${DATA_TABLE}>${items.join('')}</table>`
  );
}

/**
 * One line per extension-day with outbound activity, costliest first, capped
 * for large PBXs. Cells carry no style of their own (zebra rows instead of
 * borders) so that a few hundred rows stay a few dozen KB.
 */
export function renderProfilesTableHtml(report: Report, maxRows: number): string {
  const active = report.profiles.filter((p) => p.outboundCalls > 0 || p.blockedAttempts > 0);
  if (active.length === 0) return '';
  const flagged = new Set(report.findings.map((f) => extensionDayKey(f.extension, f.day)));
  const sorted = [...active].sort((a, b) => b.estimatedCost - a.estimatedCost || b.outboundCalls - a.outboundCalls);
  const shown = sorted.slice(0, Math.max(0, maxRows));
  const currency = report.summary.currency;
  const head = ['Extension', 'Day', 'Calls', 'Intl', 'Prem./risk', 'Cost']
    .map((c, i) => `<th align="${i >= 2 ? 'right' : 'left'}" style="${HEAD_CELL}${i >= 2 ? 'text-align:right;' : ''}">${c}</th>`)
    .join('');
  const rows = shown.map((p: DailyProfile, i) => {
    const isFlagged = flagged.has(extensionDayKey(p.extension, p.day));
    const bg = isFlagged ? SEVERITY_TINT.critical : i % 2 === 1 ? PAGE : '';
    const name = p.caller ? p.caller.label : p.extension;
    const ext = isFlagged ? `<b>${h(name)}</b>` : h(name);
    return (
      `<tr${bg ? ` bgcolor="${bg}"` : ''}><td>${ext}</td><td>${h(p.day)}</td>` +
      `<td align="right">${h(formatCount(p.outboundCalls))}</td><td align="right">${h(formatCount(p.internationalCalls))}</td>` +
      `<td align="right">${h(formatCount(p.premiumCalls))}/${h(formatCount(p.highRiskCalls))}</td>` +
      `<td align="right">${h(formatMoney(p.estimatedCost, currency))}</td></tr>`
    );
  });
  const more =
    sorted.length > shown.length
      ? `<p style="margin:6px 0 0 0;${SMALL}">${h(formatCount(sorted.length - shown.length))} more extension-days with calls are not shown; the JSON output lists them all.</p>`
      : '';
  return card(
    `<h2 style="${H2}">Outbound activity by extension</h2>` +
      `<p style="margin:0 0 6px 0;${SMALL}">Costliest first; flagged extension-days are shaded.</p>` +
      `<table ${COMPACT_TABLE}>` +
      `<tr>${head}</tr>${rows.join('')}</table>${more}`,
  );
}

function renderFooterHtml(report: Report): string {
  const s = report.summary;
  const note = s.costEstimated ? ' Some costs are estimates from shipped per-class rates, not your rate deck.' : '';
  return (
    `<tr><td style="padding:4px 2px 16px 2px;${SMALL}">Source: ${h(report.source)}.${h(note)} ` +
    'Generated by tollguard.</td></tr>'
  );
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
