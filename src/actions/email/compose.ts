// Builds the mails (pure): the report, the short "all clear" and the critical
// alert, incidents first in each. Bodies come from the report renderers; every
// header value passes oneLine, and recipients come from the configuration
// only, never from a CDR.
import type { EmailConfig } from '../../config/email.js';
import { renderFlaggedCallsCsv, renderHtml, renderText } from '../report/index.js';
import { escapeHtml as h, oneLine } from '../report/escape.js';
import { footerHtml, headlineIndexHtml, htmlDocument, renderIncidentHtml } from '../report/html.js';
import { card, H2, INK, OK, SEVERITY_COLOUR, SMALL } from '../report/html-style.js';
import { groupIncidents, type Incident } from '../report/incidents.js';
import type { Report } from '../report/report.js';
import { renderIncidentsText } from '../report/text.js';
import { formatCount, formatMoney, formatMoneyRounded, incidentHeadline, incidentLabel, localStamp, reportClock, windowFileStem } from '../report/view.js';
import { configurationSummary } from '../../audit/render/section.js';
import type { MailMessage } from './message.js';

/** Gmail clips bodies over ~102 KB: stay under 100 KB, with room for the wrapper. */
export const HTML_BUDGET = 97_000;
/** Tried in order until the HTML fits the budget: fewer incidents in full, then fewer charts. */
const MAIL_LIMITS = [
  { maxIncidents: Infinity, maxCharts: Infinity, maxActivityRows: 10 },
  { maxIncidents: Infinity, maxCharts: Infinity, maxActivityRows: 10, short: true },
  { maxIncidents: 10, maxCharts: 10, maxActivityRows: 5, short: true },
  { maxIncidents: 5, maxCharts: 5, maxActivityRows: 5, short: true },
  { maxIncidents: 3, maxCharts: 3, maxActivityRows: 0, short: true },
  { maxIncidents: 1, maxCharts: 1, maxActivityRows: 0, short: true },
  { maxIncidents: 0, maxCharts: 0, maxActivityRows: 0, short: true },
];
/** Auto-replies and vacation notices must not answer tollguard (RFC 3834). */
const HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
/** A CDR-derived extension in a subject. */
const EXT_MAX = 20;

export type SenderConfig = Pick<EmailConfig, 'from' | 'to' | 'criticalTo' | 'subjectMax' | 'allClear'>;

/** The full report mail: HTML with charts, the text report, and the flagged calls as CSV when filled. */
export function composeReportMail(report: Report, email: SenderConfig): MailMessage {
  const critical = (report.summary.findings.critical ?? 0) > 0;
  const attachments =
    report.flaggedCalls && report.flaggedCalls.length > 0
      ? [{ filename: `flagged-calls-${windowFileStem(report)}.csv`, content: renderFlaggedCallsCsv(report, { bom: true }), contentType: 'text/csv; charset=utf-8' }]
      : undefined;
  return {
    from: sender(email),
    to: recipients(email, critical),
    subject: reportSubject(report, email.subjectMax),
    text: renderText(report, { color: false }),
    html: mailHtml(report),
    ...(attachments ? { attachments } : {}),
    headers: { ...HEADERS },
  };
}

/** A short mail saying nothing was found; null when the all-clear mail is turned off. */
export function composeAllClear(report: Report, email: SenderConfig): MailMessage | null {
  if (!email.allClear) return null;
  const s = report.summary;
  const range = rangeText(report);
  const facts = [
    `No suspicious calling was found on ${range} (${oneLine(report.window.timezone, 60)}).`,
    `${formatCount(s.outboundCalls)} outbound calls from ${formatCount(s.extensions)} extensions, ${formatMoney(s.estimatedCost, s.currency)}${s.costEstimated ? ' (estimated)' : ''}.`,
    `${formatCount(s.rowsRead)} CDR rows read, ${formatCount(s.rowsQuarantined)} set aside as bad.`,
  ];
  const text = [...facts, '', `Source: ${oneLine(report.source, 300)}`, 'Turn this mail off with EMAIL_ALL_CLEAR=no.', ''].join('\n');
  const body =
    card(
      `<h2 style="${H2}color:${OK};">All clear: ${h(range)}</h2>` +
        facts.map((f) => `<p style="margin:0 0 6px 0;font-size:14px;line-height:1.5;color:${INK};">${h(f)}</p>`).join(''),
      OK,
    ) + footerHtml(`Source: ${report.source}. Turn this mail off with EMAIL_ALL_CLEAR=no.`);
  return {
    from: sender(email),
    to: recipients(email, false),
    subject: oneLine(`[tollguard] All clear - ${range}`, email.subjectMax),
    text,
    html: htmlDocument(`tollguard: all clear ${range}`, body),
    headers: { ...HEADERS },
  };
}

/** The report mail when something was found, else the all-clear (or null when that is off). */
export function composeReportOrAllClear(report: Report, email: SenderConfig): MailMessage | null {
  // Days without CDRs are never "all clear": the admin must hear about them even with the all-clear mail off.
  if (report.findings.length > 0 || report.summary.daysWithoutCdrs.length > 0) return composeReportMail(report, email);
  // Open configuration findings are something to act on: the full report carries them.
  if (report.configuration) {
    const mail = composeReportMail(report, email);
    return { ...mail, subject: oneLine(`${mail.subject}; configuration: ${configurationSummary(report.configuration)}`, email.subjectMax) };
  }
  return composeAllClear(report, email);
}

/** Figures an alert reports and deduplication compares: the extension-day's outbound calls, the finding's cost. */
export interface AlertFigures {
  calls: number;
  cost: number;
}

/** One incident to alert, and what the last alert said when this one is sent because it grew. */
export interface AlertIncident {
  incident: Incident;
  previous: (AlertFigures & { at: string }) | null;
  /** The figures of the finding that grew, for "grew from ... to ...". */
  figures: AlertFigures;
}

/** "Grew since the alert at 2026-11-25 01:20: 7 -> 188 calls, USD 4.65 -> USD 3,501.19." */
export function grewNote(a: AlertIncident, report: Report): string | null {
  const p = a.previous;
  if (!p) return null;
  const at = Date.parse(p.at);
  const when = Number.isNaN(at) ? p.at : localStamp(reportClock(report), at);
  const currency = a.incident.currency;
  return `Grew since the alert at ${when}: ${formatCount(p.calls)} -> ${formatCount(a.figures.calls)} calls, ${formatMoney(p.cost, currency)} -> ${formatMoney(a.figures.cost, currency)}.`;
}

/** One mail for the incidents a run alerts, worst first. */
export function composeAlert(alerts: readonly AlertIncident[], report: Report, email: SenderConfig): MailMessage {
  const incidents = alerts.map((a) => a.incident);
  const notes = new Map<Incident, string>();
  for (const a of alerts) {
    const note = grewNote(a, report);
    if (note) notes.set(a.incident, note);
  }
  const worst = incidents[0];
  const subject = incidentSubject(incidents, worst ? worst.lastDay : rangeText(report), email.subjectMax, notes.size > 0 && worst !== undefined && notes.has(worst));
  const headline = incidentHeadline(incidents, report.summary.currency) ?? 'critical findings';
  const text = [
    `${headline} (${oneLine(report.window.timezone, 60)})`,
    ...renderIncidentsText(incidents, report, { notes }),
    '',
    `Report window ${rangeText(report)}; source ${oneLine(report.source, 300)}.`,
    '',
  ].join('\n');

  const clock = reportClock(report);
  const colour = SEVERITY_COLOUR[worst?.severity ?? 'critical'];
  const body =
    `<tr><td style="padding:4px 2px 8px 2px;"><p style="margin:0;${SMALL}">tollguard alert · times in ${h(report.window.timezone)}</p></td></tr>` +
    card(headlineIndexHtml(incidents, report.summary.currency, clock), colour) +
    incidents.map((n, i) => renderIncidentHtml(n, report, clock, { rank: i + 1, of: incidents.length, chart: i < 5, note: notes.get(n) })).join('\n') +
    footerHtml(`Report window ${rangeText(report)}; source ${report.source}.`);
  return {
    from: sender(email),
    to: recipients(email, true),
    subject,
    text,
    html: htmlDocument(`tollguard: ${subject}`, body, headline),
    headers: { ...HEADERS },
  };
}

/**
 * The worst incident first: "[tollguard] CRITICAL: ext 1007 USD 3,501 est. +4 more - 2026-11-25".
 * `grew` marks an alert re-sent because the worst incident grew.
 */
export function incidentSubject(incidents: readonly Incident[], when: string, max: number, grew = false): string {
  const worst = incidents[0];
  if (!worst) return oneLine(`[tollguard] findings - ${when}`, max);
  // A trunk's or a forward's path by its label; an extension by its name, short enough for a subject.
  const who = worst.caller ? oneLine(worst.caller.label, 2 * EXT_MAX) : worst.extension === '*' ? incidentLabel('*') : `ext ${oneLine(worst.extension, EXT_MAX)}`;
  const more = incidents.length > 1 ? ` +${incidents.length - 1} more` : '';
  return oneLine(
    `[tollguard] ${worst.severity.toUpperCase()}: ${who}${grew ? ' grew to' : ''} ${formatMoneyRounded(worst.estimatedCost, oneLine(worst.currency, 8))} est.${more} - ${when}`,
    max,
  );
}

/** The report mail's subject: the worst incident first, or what else the admin must know. */
export function reportSubject(report: Report, max: number): string {
  const range = rangeText(report);
  const incidents = groupIncidents(report);
  const missing = report.summary.daysWithoutCdrs.length;
  if (incidents.length > 0) return incidentSubject(incidents, range, max);
  if (missing > 0) return oneLine(`[tollguard] WARNING no CDRs for ${missing} day(s) - ${range}`, max);
  return oneLine(`[tollguard] All clear - ${range}`, max);
}

function mailHtml(report: Report): string {
  let html = '';
  for (const limits of MAIL_LIMITS) {
    html = renderHtml(report, limits);
    if (Buffer.byteLength(html) <= HTML_BUDGET) break;
  }
  return html;
}

function sender(email: SenderConfig): string {
  if (!email.from) throw new Error('email: no sender configured (set ALERT_EMAIL_FROM)');
  return oneLine(email.from);
}

function recipients(email: SenderConfig, critical: boolean): string[] {
  const all = critical ? [...email.to, ...email.criticalTo] : [...email.to];
  const list = [...new Set(all.map((a) => oneLine(a)))];
  if (list.length === 0) throw new Error('email: no recipients configured (set ALERT_EMAIL_TO)');
  return list;
}

function rangeText(report: Report): string {
  const { from, to } = report.window;
  return oneLine(from === to ? from : `${from} to ${to}`, 40);
}

