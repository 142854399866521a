// The report as one self-contained HTML file that is also a safe mail body:
// no scripts, no external resources, inline styles only, table layout at most
// 680px wide. Incidents first, as cards: what happened, what to do (commands
// to paste), then the evidence. Every string from a CDR goes through
// escapeHtml; numbers, money and commands never break inside on a phone.
import type { Finding, Severity } from '../../detection/rule.js';
import type { CallExample, DestinationSummary } from '../../profiles/daily-profile.js';
import type { PbxClock } from '../../time/pbx-clock.js';
import { configurationHtml } from '../../audit/render/section.js';
import { escapeHtml as h, oneLine } from './escape.js';
import { renderChartHtml } from './html-chart.js';
import {
  badge,
  card,
  COMMAND,
  COMPACT_TABLE,
  FONT,
  H2,
  HEAD_CELL,
  INK,
  MONO,
  MUTED,
  NOWRAP,
  OK,
  PAGE,
  SEVERITY_COLOUR,
  SEVERITY_TINT,
  SMALL,
  TABLE,
  tag,
} from './html-style.js';
import { groupIncidents, incidentFacts, PBX, type Incident, type IncidentFacts } from './incidents.js';
import { incidentNote, stepsFor, type Step } from './next-steps.js';
import type { Report } from './report.js';
import {
  clidText,
  counted,
  formatCount,
  formatMoney,
  formatSeconds,
  htmlReportCommand,
  incidentHeadline,
  incidentLabel,
  incidentWhen,
  localStamp,
  badRowsWarning,
  noCdrWarning,
  reportClock,
  rowsUnaccounted,
  whereLine,
} from './view.js';
import { extensionDayKey } from '../../profiles/extension-day.js';

export { renderChartHtml };

export interface HtmlOptions {
  /** Incidents shown as full cards, worst first; the rest as one line each with their command (default all). */
  maxIncidents?: number;
  /** Of the full cards, how many carry charts (default all). */
  maxCharts?: number;
  /** Rows of the table of other extensions' spending (default 10). */
  maxActivityRows?: number;
  /** Shorter evidence per incident (see IncidentHtmlOptions.short). */
  short?: boolean;
  /** Document title; default names the window. */
  title?: string;
}

/** A whole HTML document. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const title = options.title ?? `tollguard report ${report.window.from} to ${report.window.to}`;
  return htmlDocument(title, renderHtmlBody(report, options), preheader(report));
}

/** The outer layout every tollguard HTML shares: a centred 680px column, inline styles only. */
export function htmlDocument(title: string, rows: string, preheaderText = ''): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    // Stops iOS turning fraud numbers into tap-to-call links.
    '<meta name="format-detection" content="telephone=no">' +
    `<title>${h(oneLine(title, 200))}</title></head>\n` +
    `<body style="margin:0;padding:0;background:${PAGE};">\n` +
    (preheaderText ? `<div style="display:none;max-height:0;overflow:hidden;">${h(preheaderText)}</div>` : '') +
    `<table ${TABLE} bgcolor="${PAGE}" style="background:${PAGE};"><tr><td align="center" style="padding:12px 8px;">` +
    `<table ${TABLE} style="max-width:680px;width:100%;font-family:${FONT};color:${INK};">\n${rows}\n</table></td></tr></table>\n</body></html>\n`
  );
}

/** The rows inside the 680px column: header, headline, incidents, other activity, footer. */
export function renderHtmlBody(report: Report, options: HtmlOptions = {}): string {
  const incidents = groupIncidents(report);
  const clock = reportClock(report);
  const full = options.maxIncidents ?? Infinity;
  const charts = options.maxCharts ?? Infinity;
  const rows = [
    renderHeaderHtml(report, clock),
    renderHeadlineHtml(report, incidents, clock),
    ...incidents.slice(0, full).map((n, i) => renderIncidentHtml(n, report, clock, { rank: i + 1, of: incidents.length, chart: i < charts, short: options.short })),
    incidents.length > full ? renderMoreIncidentsHtml(incidents.slice(full), full, report, clock) : '',
    incidents.length === 0 ? renderAllClearHtml(report) : '',
    configurationHtml(report.configuration),
    renderActivityHtml(report, incidents, options.maxActivityRows ?? 10),
    footerHtml(`Source: ${report.source}.${report.summary.costEstimated ? ' Some costs are estimates from shipped per-class rates, not your rate deck.' : ''}`),
  ];
  return rows.filter(Boolean).join('\n');
}

/** The line mail clients show beside the subject. */
function preheader(report: Report): string {
  const headline = incidentHeadline(groupIncidents(report), report.summary.currency);
  return headline ?? (noCdrWarning(report) ? 'Days without CDRs were not judged.' : `All clear for ${report.window.from} to ${report.window.to}.`);
}

function renderHeaderHtml(report: Report, clock: PbxClock): string {
  const w = report.window;
  const range = w.from === w.to ? w.from : `${w.from} to ${w.to}`;
  const generated = Date.parse(report.generatedAt);
  return (
    `<tr><td style="padding:4px 2px 10px 2px;">` +
    `<h1 style="margin:0;font-size:20px;line-height:1.3;color:${INK};">Toll-fraud report: <span style="${NOWRAP}">${h(range)}</span></h1>` +
    `<p style="margin:4px 0 0 0;${SMALL}">Times in ${h(w.timezone)}${Number.isNaN(generated) ? '' : ` · generated ${h(localStamp(clock, generated))}`}</p></td></tr>`
  );
}

/** "5 incidents need action", one line per incident, then the counts and the CDR bookkeeping, smaller. */
export function renderHeadlineHtml(report: Report, incidents: readonly Incident[], clock: PbxClock): string {
  const s = report.summary;
  const warning = noCdrWarning(report);
  const worst = incidents[0]?.severity;
  const gap = rowsUnaccounted(s);
  const books = [
    `${(['critical', 'warning', 'info'] as const).map((v) => `${formatCount(s.findings[v] ?? 0)} ${v}`).join(', ')} findings`,
    `${counted(s.outboundCalls, 'outbound call')} from ${counted(s.extensions, 'extension')}, ${money(s.estimatedCost, s.currency)}${s.costEstimated ? ' estimated' : ''} in all`,
    `${formatCount(s.rowsRead)} CDR rows read: ${formatCount(s.rowsUsed)} used (${formatCount(s.rowsInWindow)} in the window, ${formatCount(s.rowsUsed - s.rowsInWindow)} for baselines), ` +
      `${formatCount(s.rowsQuarantined)} set aside${s.rowsQuarantined > 0 && s.quarantineFile ? ` in ${s.quarantineFile}` : ''}, ${formatCount(s.rowsOutsideWindow)} outside the window` +
      (s.rowsMerged > 0 ? `, ${formatCount(s.rowsMerged)} second records of a call (counted once)` : '') +
      (gap !== 0 ? `; ${formatCount(gap)} rows unaccounted for` : ''),
    `internal ${formatCount(s.internalCalls)}, inbound ${formatCount(s.inboundCalls)}, other legs ${formatCount(s.otherLegs)}, blocked ${formatCount(s.blockedCalls)}`,
    ...blockedLine(report),
  ];
  const colour = worst ? SEVERITY_COLOUR[worst] : warning ? SEVERITY_COLOUR.critical : OK;
  return card(
    headlineIndexHtml(incidents, s.currency, clock, warning !== null) +
      [warning, badRowsWarning(report)].map((w) => (w ? `<p style="margin:8px 0 0 0;color:${SEVERITY_COLOUR.critical};"><b>Warning:</b> ${prose(w)}</p>` : '')).join('') +
      `<p style="margin:10px 0 0 0;${SMALL}">${books.map(prose).join('<br>')}</p>`,
    colour,
  );
}

/** "5 incidents need action", "5 critical · USD 3,732.49 estimated", then one line per incident: what a phone's first screen shows. */
export function headlineIndexHtml(incidents: readonly Incident[], currency: string, clock: PbxClock, warning = false): string {
  const worst = incidents[0]?.severity;
  const colour = worst ? SEVERITY_COLOUR[worst] : warning ? SEVERITY_COLOUR.critical : OK;
  const [big, rest] = headlineParts(incidents, currency, warning);
  const index = incidents.slice(0, 12).map(
    (n, i) =>
      `<tr valign="top"${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td width="1">${badge(n.severity)}</td>` +
      `<td><b>${nameHtml(n)}</b>${n.name ? ` <span style="color:${MUTED};">${h(oneLine(n.name, 40))}</span>` : ''}<br>` +
      `<span style="${SMALL}${NOWRAP}">${h(incidentWhen(n, clock))}</span></td>` +
      `<td align="right"><b>${h(money(n.estimatedCost, n.currency))}</b><br><span style="${SMALL}">${counted(n.calls, 'call', '&nbsp;')}</span></td></tr>`,
  );
  const more = incidents.length > index.length ? `<p style="margin:4px 0 0 0;${SMALL}">and ${formatCount(incidents.length - index.length)} more below.</p>` : '';
  return (
    `<p style="margin:0;font-size:22px;line-height:1.25;font-weight:bold;color:${colour};">${h(big)}</p>` +
    (rest ? `<p style="margin:2px 0 0 0;font-size:16px;font-weight:bold;">${rest}</p>` : '') +
    (index.length ? `<table role="presentation" width="100%" cellpadding="4" cellspacing="0" border="0" style="margin-top:8px;">${index.join('')}</table>${more}` : '')
  );
}

/** "5 incidents need action" and "5 critical · USD 3,732.49 estimated", for a big and a smaller line. */
function headlineParts(incidents: readonly Incident[], currency: string, warning: boolean): [string, string] {
  const line = incidentHeadline(incidents, currency);
  if (!line) return [warning ? 'Days without CDRs: not judged' : 'All clear', ''];
  const [big, rest] = line.split(': ');
  return [big!, h(rest!.replace('; ', ' · ')).replace(/([A-Z]{3}) (?=\d)/g, '$1&nbsp;')];
}

export interface IncidentHtmlOptions {
  rank: number;
  of: number;
  chart: boolean;
  /** Each finding's title only, fewer numbers and example calls: for a mail that must stay small. */
  short?: boolean;
  /** A line above the card's facts, e.g. "Grew since the alert at ...". */
  note?: string;
}

/** One incident as a card: headline facts, what to do, then the evidence. */
export function renderIncidentHtml(n: Incident, report: Report, clock: PbxClock, o: IncidentHtmlOptions): string {
  const facts = o.short ? incidentFacts(n, 3, 3) : incidentFacts(n);
  const colour = SEVERITY_COLOUR[n.severity];
  const chartDay = n.days[n.days.length - 1]?.chart;
  const note = incidentNote(n, report, o.note);
  const parts = [
    `<p style="margin:0 0 2px 0;">${badge(n.severity)} <span style="${SMALL}">incident ${o.rank} of ${o.of}</span></p>`,
    `<h2 style="${H2}margin-bottom:2px;">${nameHtml(n)}${n.name ? ` <span style="font-weight:normal;color:${MUTED};">“${h(oneLine(n.name, 40))}”</span>` : ''}</h2>`,
    `<p style="margin:0;font-size:16px;"><b>${counted(n.calls, 'call', '&nbsp;')}</b> · <b>${h(money(n.estimatedCost, n.currency))}</b>${n.costEstimated ? ' est.' : ''} · <span style="${NOWRAP}">${h(incidentWhen(n, clock))}</span></p>`,
    `<p style="margin:2px 0 6px 0;">${prose(whereLine(facts))}</p>`,
    note ? `<p style="margin:0 0 6px 0;color:${colour};"><b>${prose(note)}</b></p>` : '',
    stepsHtml(stepsFor(n, report, facts), n.severity),
    `<p style="margin:8px 0 0 0;font-size:11px;line-height:2;color:${MUTED};">${n.rules.map(tag).join(' ')}</p>`,
    o.chart && chartDay ? `<div style="margin-top:4px;">${renderChartHtml(chartDay, n.currency, n.days.map((d) => d.day), o.short ? SHORT_CHART_DAYS : undefined)}</div>` : '',
    `<p style="margin:12px 0 2px 0;font-weight:bold;">What tollguard found</p>`,
    `<table ${TABLE} style="font-size:13px;">${(o.short ? shortFindings(n, report) : n.findings.map((i) => findingHtml(report.findings[i]!, n, true))).join('')}</table>`,
    o.short ? `<p style="margin:2px 0 0 0;${SMALL}">What each rule measured: the text part of this mail, or the full HTML report:<span style="${COMMAND}">${commandHtml(htmlReportCommand(report))}</span></p>` : '',
    countriesHtml(facts, n.currency),
    destinationsHtml(facts.destinations, n.currency),
    examplesHtml(facts.examples, n.currency),
  ];
  return card(parts.join(''), colour);
}

/** Incidents past the mail's budget: one line each, with the lock command. */
function renderMoreIncidentsHtml(rest: readonly Incident[], shown: number, report: Report, clock: PbxClock): string {
  // Lean rows: a heavy week lists dozens of them within the mail's budget.
  const rows = rest.map((n, i) => {
    const lock = stepsFor(n, report, incidentFacts(n, 0, 0))[0]!;
    return (
      `<tr valign="top"${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td><b style="color:${SEVERITY_COLOUR[n.severity]};">${h(n.severity.toUpperCase())}</b> <b>${nameHtml(n)}</b> · ` +
      `<span style="${NOWRAP}">${h(incidentWhen(n, clock))}</span> · ${counted(n.calls, 'call', '&nbsp;')} · <b>${h(money(n.estimatedCost, n.currency))}</b>` +
      // Plain text: dozens of rows cannot each afford the no-break spans of a card's command.
      lock.commands.map((c) => `<br><span style="${MONO}font-size:12px;">${h(c)}</span>`).join('') +
      '</td></tr>'
    );
  });
  return card(
    `<h2 style="${H2}">${counted(rest.length, 'more incident')}</h2>` +
      `<p style="margin:0 0 6px 0;${SMALL}">The ${formatCount(shown)} worst are shown in full above; the attached CSV has every flagged call. Every incident in full, as an HTML file:<span style="${COMMAND}">${commandHtml(htmlReportCommand(report))}</span></p>` +
      `<table ${COMPACT_TABLE}>${rows.join('')}</table>`,
  );
}

function stepsHtml(steps: Step[], severity: Severity): string {
  const colour = SEVERITY_COLOUR[severity];
  const rows = steps.map(
    (s, i) =>
      `<tr valign="top"><td width="18" style="padding:3px 0;font-weight:bold;color:${colour};">${i + 1}.</td><td style="padding:3px 0;">${prose(s.text)}` +
      s.commands.map((c) => `<span style="${COMMAND}">${commandHtml(c)}</span>`).join('') +
      '</td></tr>',
  );
  return (
    `<table ${TABLE} bgcolor="${SEVERITY_TINT[severity]}" style="background:${SEVERITY_TINT[severity]};margin:6px 0 0 0;">` +
    `<tr><td style="padding:8px 10px;"><b>What to do now</b>` +
    `<table ${TABLE}>${rows.join('')}</table></td></tr></table>`
  );
}

/** A command that wraps only between words: a token with a "-" (--reason, a date) is kept whole. */
function commandHtml(command: string): string {
  return command
    .split(' ')
    .map((w) => (w.includes('-') ? `<span style="${NOWRAP}">${h(w)}</span>` : h(w)))
    .join(' ');
}

/** The blocked attempts and where they went: "blocked by the lock: 1001 dialled 011882... at 07:54:31; ...". */
function blockedLine(report: Report): string[] {
  const b = report.blockedAttempts ?? [];
  if (!b.length) return [];
  const shown = b.slice(0, 10).map((a) => `${oneLine(a.extension, 40)} dialled ${oneLine(a.dialled, 60)} at ${a.time.slice(0, 19).replace('T', ' ')}`);
  const more = report.summary.blockedCalls - shown.length;
  return [`blocked by the lock: ${shown.join('; ')}${more > 0 ? `; ${formatCount(more)} more` : ''}`];
}

/**
 * CDR-derived or rule text for HTML: escaped, and nothing that must stay on
 * one line can break: dates, "4.75e-107", "USD 191.73".
 */
export function prose(text: string): string {
  return h(text)
    .replace(/[^\s<>&;]*\d[^\s<>&;]*-[^\s<>&;]*\d[^\s<>&;,.;]*/g, (w) => `<span style="${NOWRAP}">${w}</span>`)
    .replace(/\b([A-Z]{3}) (?=\d)/g, '$1&nbsp;');
}

/** Days a short (mail) chart shows: two weeks and the day. */
const SHORT_CHART_DAYS = 15;

/** One line per rule, titles only: a rule that fired on several of the incident's days is listed once. */
function shortFindings(n: Incident, report: Report): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const i of n.findings) {
    const f = report.findings[i]!;
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  return [...byRule.values()].map((fs) => {
    const latest = fs.reduce((a, b) => (b.day > a.day ? b : a));
    const also = fs.length > 1 ? ` (${fs.length} days)` : '';
    return findingHtml({ ...latest, title: `${latest.title}${also}` }, n, false);
  });
}

function findingHtml(f: Finding, n: Incident, full: boolean): string {
  const whole = f.extension === PBX && n.extension !== PBX ? ' (whole PBX)' : '';
  const day = n.days.length > 1 && full ? `${f.day}: ` : '';
  if (!full) return `<tr><td width="3" bgcolor="${SEVERITY_COLOUR[f.severity]}"></td><td style="padding:2px 8px;"><b>${prose(day + f.title)}</b>${h(whole)} <span style="${SMALL}">${h(f.rule)}</span></td></tr>`;
  return (
    `<tr><td width="3" bgcolor="${SEVERITY_COLOUR[f.severity]}"></td><td style="padding:4px 8px;">` +
    `<b>${prose(day + f.title)}</b>${h(whole)}<br>${prose(f.explanation)}<br>` +
    `<span style="${SMALL}">${h(f.rule)}, ${h(f.severity)}${f.details ? `: ${prose(f.details)}` : ''}</span></td></tr>`
  );
}

function countriesHtml(facts: IncidentFacts, currency: string): string {
  if (facts.countries.length === 0) return '';
  const rows = facts.countries.map(
    (c, i) =>
      `<tr${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td>${h(c.label)}${c.highRisk ? ` <span style="color:${SEVERITY_COLOUR.critical};${NOWRAP}">high-risk</span>` : ''}</td>` +
      `<td align="right">${h(formatCount(c.calls))}</td><td align="right">${h(money(c.cost, currency))}</td></tr>`,
  );
  return `<p style="margin:12px 0 2px 0;font-weight:bold;">Calls abroad by country</p><table ${COMPACT_TABLE}>${rows.join('')}</table>`;
}

/** The dialled digits when they say more than the international prefix before the E.164 number. */
function dialledNote(dialled: string, e164: string | null): string {
  return e164 && !dialled.endsWith(e164.slice(1)) ? ` <span style="${SMALL}">dialled ${h(dialled)}</span>` : '';
}

/** One line per number, so a phone never needs a six-column table. */
function destinationsHtml(destinations: DestinationSummary[], currency: string): string {
  if (destinations.length === 0) return '';
  const rows = destinations.map((d, i) => {
    const tags = [d.numberClass === 'unknown' ? '' : d.numberClass, d.premium && d.numberClass !== 'premium-rate' ? 'premium' : '', d.highRisk ? 'high-risk' : ''].filter(Boolean).join(', ');
    return (
      `<tr valign="top"${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td><span style="${MONO}">${h(d.e164 ?? d.dialled)}</span>${dialledNote(d.dialled, d.e164)}<br>` +
      `<span style="${SMALL}">${h(d.label)}${tags ? ` · ${h(tags)}` : ''}</span></td>` +
      `<td align="right"><b>${h(money(d.cost, currency))}</b><br>` +
      `<span style="${SMALL}">${counted(d.calls, 'call', '&nbsp;')}, ${h(formatSeconds(d.billsec))}</span></td></tr>`
    );
  });
  return `<p style="margin:12px 0 2px 0;font-weight:bold;">Costliest numbers</p><table ${COMPACT_TABLE}>${rows.join('')}</table>`;
}

function examplesHtml(examples: CallExample[], currency: string): string {
  if (examples.length === 0) return '';
  const rows = examples.map(
    (e, i) =>
      `<tr valign="top"${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td style="${NOWRAP}">${h(e.time.slice(11, 19) || e.time)}</td>` +
      `<td><span style="${MONO}">${h(e.e164 ?? e.dialled)}</span>${dialledNote(e.dialled, e.e164)} ${h(e.label)}<br>` +
      `<span style="${SMALL}">${h(e.time.slice(0, 10))} · ${h(e.disposition)} ${h(formatSeconds(e.billsec))} · caller ID ${h(clidText(e.clid))} · ${h(e.origin)}</span></td>` +
      `<td align="right">${h(money(e.cost, currency))}</td></tr>`,
  );
  return `<p style="margin:12px 0 2px 0;font-weight:bold;">Example calls, in time order</p><table ${COMPACT_TABLE}>${rows.join('')}</table>`;
}

function renderAllClearHtml(report: Report): string {
  if (noCdrWarning(report)) return '';
  return card(
    `<p style="margin:0;font-size:14px;line-height:1.5;color:${INK};">No suspicious calling was found in this window: ` +
      'no extension called high-risk or premium-rate destinations or departed from its usual pattern.</p>',
    OK,
  );
}

/**
 * What the extensions without an incident spent over the window, costliest
 * first and only those that cost money: harmless activity stays short.
 */
export function renderActivityHtml(report: Report, incidents: readonly Incident[], maxRows: number): string {
  const flagged = new Set<string>();
  for (const n of incidents) for (const d of n.days) flagged.add(extensionDayKey(n.extension, d.day));
  const byExtension = new Map<string, { calls: number; international: number; cost: number }>();
  for (const p of report.profiles) {
    if (p.outboundCalls === 0 || flagged.has(extensionDayKey(p.extension, p.day))) continue;
    // Calls no extension made are listed by their path ("from-trunk via pstn-in").
    const name = p.caller ? p.caller.label : p.extension;
    const e = byExtension.get(name) ?? { calls: 0, international: 0, cost: 0 };
    e.calls += p.outboundCalls;
    e.international += p.internationalCalls;
    e.cost += p.estimatedCost;
    byExtension.set(name, e);
  }
  if (byExtension.size === 0) return '';
  const all = [...byExtension.entries()].sort((a, b) => b[1].cost - a[1].cost || b[1].calls - a[1].calls);
  const costly = all.filter(([, e]) => e.cost > 0);
  const shown = costly.slice(0, Math.max(0, maxRows));
  const currency = report.summary.currency;
  const total = all.reduce((n, [, e]) => n + e.cost, 0);
  const calls = all.reduce((n, [, e]) => n + e.calls, 0);
  const head = ['Extension', 'Calls', 'Intl', 'Cost'].map((c, i) => `<th align="${i ? 'right' : 'left'}" style="${HEAD_CELL}${i ? 'text-align:right;' : ''}">${c}</th>`).join('');
  const rows = shown.map(
    ([ext, e], i) =>
      `<tr${i % 2 ? ` bgcolor="${PAGE}"` : ''}><td style="${NOWRAP}">${h(ext)}</td><td align="right">${h(formatCount(e.calls))}</td>` +
      `<td align="right">${h(formatCount(e.international))}</td><td align="right">${h(money(e.cost, currency))}</td></tr>`,
  );
  const rest = all.length - shown.length;
  return card(
    `<h2 style="${H2}font-size:15px;">Everything else: ${counted(all.length, 'extension')}, ${counted(calls, 'call')}, ${h(money(total, currency))}</h2>` +
      `<p style="margin:0 0 6px 0;${SMALL}">Calls not part of an incident, by extension over the window${shown.length ? ', costliest first' : ''}.` +
      `${rest > 0 ? ` ${counted(rest, 'more extension')} ${shown.length < costly.length ? 'not shown' : 'without cost'}; the JSON output lists every extension-day.` : ''}</p>` +
      (rows.length ? `<table ${COMPACT_TABLE}><tr>${head}</tr>${rows.join('')}</table>` : ''),
  );
}

export function footerHtml(text: string): string {
  return `<tr><td style="padding:4px 2px 16px 2px;${SMALL}">${h(text)} Generated by tollguard.</td></tr>`;
}

/** The label as HTML: an extension's never breaks inside, a path's long label may wrap. */
function nameHtml(n: Pick<Incident, 'extension' | 'caller'>): string {
  return n.caller ? h(label(n)) : `<span style="${NOWRAP}">${h(label(n))}</span>`;
}

/** "Ext 1007", "Whole PBX", or the path of calls no extension made. */
function label(n: Pick<Incident, 'extension' | 'caller'>): string {
  if (n.caller) return incidentLabel(n.extension, n.caller);
  return n.extension === PBX ? 'Whole PBX' : `Ext ${n.extension}`;
}

/** Money with a no-break space: "USD 191.73" never splits across lines. */
function money(amount: number, currency: string): string {
  return formatMoney(amount, currency).replace(' ', '\u00a0');
}
