// Builds the mails (pure): the report, the short "all clear" and the critical
// alert. Bodies come from the report renderers; every header value passes
// oneLine, and recipients come from the configuration only, never from a CDR.
import type { EmailConfig } from '../../config/email.js';
import { SEVERITIES, type Finding } from '../../detection/rule.js';
import { renderFlaggedCallsCsv, renderHtml, renderText } from '../report/index.js';
import { escapeHtml as h, oneLine } from '../report/escape.js';
import { renderFlaggedGroupHtml } from '../report/html.js';
import { card, FONT, H2, INK, MONO, OK, PAGE, SEVERITY_COLOUR, SMALL, TABLE } from '../report/html-style.js';
import type { Report } from '../report/report.js';
import { extensionLabel, formatCount, formatMoney, groupFindings, type FlaggedGroup } from '../report/view.js';
import { configurationSummary } from '../../audit/render/section.js';
import type { ProfileCaller } from '../../profiles/daily-profile.js';
import type { MailMessage } from './message.js';

/** Gmail clips bodies over ~102 KB; stay under it with room for the wrapper. */
const HTML_BUDGET = 95_000;
/** Tried in order until the HTML fits the budget. */
const MAIL_LIMITS = [
  { maxCharts: 3, maxProfileRows: 50 },
  { maxCharts: 1, maxProfileRows: 20 },
  { maxCharts: 0, maxProfileRows: 0 },
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
      ? [{ filename: `flagged-calls-${fileRange(report)}.csv`, content: renderFlaggedCallsCsv(report, { bom: true }), contentType: 'text/csv; charset=utf-8' }]
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
    ) + footer(`Source: ${report.source}. Turn this mail off with EMAIL_ALL_CLEAR=no.`);
  return {
    from: sender(email),
    to: recipients(email, false),
    subject: oneLine(`[tollguard] All clear — ${range}`, email.subjectMax),
    text,
    html: document(`tollguard: all clear ${range}`, body),
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

/** One critical alert: the critical findings of one extension-day. */
export interface AlertInput {
  extension: string;
  /** Set when no extension made the calls (a trunk's, a forward's). */
  caller?: ProfileCaller;
  day: string;
  findings: Finding[];
  figures: AlertFigures;
  /** Set when this is a re-send because the finding grew since the last alert. */
  previous: (AlertFigures & { at: string }) | null;
}

export function composeAlert(alert: AlertInput, report: Report, email: SenderConfig): MailMessage {
  const currency = alert.findings[0]?.currency ?? report.summary.currency;
  const who = subjectName(alert.extension, alert.caller);
  const first = alert.findings[0];
  const more = alert.findings.length > 1 ? ` (+${alert.findings.length - 1} more)` : '';
  const subject = oneLine(
    `[tollguard] CRITICAL ${who}${alert.previous ? ' grew' : ''}: ${oneLine(first?.title ?? 'critical finding', 80)}${more}, ` +
      `${roundMoney(alert.figures.cost, currency)} est. — ${alert.day}`,
    email.subjectMax,
  );
  const label = alert.extension === '*' ? 'the whole PBX' : extensionLabel(alert.extension, alert.caller);
  const grew = alert.previous
    ? `Grew since the alert at ${alert.previous.at}: ${formatCount(alert.previous.calls)} -> ${formatCount(alert.figures.calls)} calls, ` +
      `${formatMoney(alert.previous.cost, currency)} -> ${formatMoney(alert.figures.cost, currency)}.`
    : null;
  const steps = alert.caller ? callerActions(alert.caller) : actions(alert.extension);

  const text = [
    `CRITICAL: ${oneLine(label, 80)} on ${alert.day} (${oneLine(report.window.timezone, 60)})`,
    '',
    ...(grew ? [grew, ''] : []),
    `${formatCount(alert.figures.calls)} outbound calls that day; estimated cost ${formatMoney(alert.figures.cost, currency)}.`,
    '',
    'What was found:',
    ...alert.findings.flatMap((f) => [`- ${oneLine(f.title, 200)} (rule ${oneLine(f.rule, 60)}, ${formatMoney(f.estimatedCost, f.currency)})`, `  ${oneLine(f.explanation, 1000)}`]),
    '',
    'What to do now:',
    ...steps.map((s, i) => `${i + 1}. ${s.text}`),
    '',
    `Report window ${rangeText(report)}; source ${oneLine(report.source, 300)}.`,
    '',
  ].join('\n');

  const group = groupFor(alert, report);
  const body =
    `<tr><td style="padding:4px 2px 12px 2px;"><h1 style="margin:0;font-size:20px;line-height:1.3;color:${SEVERITY_COLOUR.critical};">` +
    `Critical: ${h(label)} · ${h(alert.day)}</h1><p style="margin:4px 0 0 0;${SMALL}">Timezone ${h(report.window.timezone)} · ` +
    `${h(formatCount(alert.figures.calls))} outbound calls · ${h(formatMoney(alert.figures.cost, currency))} estimated</p></td></tr>` +
    (grew ? card(`<p style="margin:0;font-size:14px;line-height:1.5;color:${INK};"><b>${h(grew)}</b></p>`, SEVERITY_COLOUR.critical) : '') +
    card(
      `<h2 style="${H2}">What to do now</h2><ol style="margin:0;padding-left:20px;font-size:14px;line-height:1.5;color:${INK};">` +
        steps.map((s) => `<li style="margin:0 0 4px 0;">${s.html}</li>`).join('') +
        '</ol>',
      SEVERITY_COLOUR.critical,
    ) +
    renderFlaggedGroupHtml(group, currency, true) +
    footer(`Report window ${rangeText(report)}; source ${report.source}.`);
  return {
    from: sender(email),
    to: recipients(email, true),
    subject,
    text,
    html: document(`tollguard: critical ${label} ${alert.day}`, body),
    headers: { ...HEADERS },
  };
}

/** e.g. "[tollguard] CRITICAL 1, warning 2, info 1: ext 201 +1 more, EUR 593 est. — 2024-05-07" */
export function reportSubject(report: Report, max: number): string {
  const f = report.summary.findings;
  const counts = [...SEVERITIES]
    .reverse()
    .filter((s) => (f[s] ?? 0) > 0)
    .map((s) => `${s === 'critical' ? 'CRITICAL' : s} ${formatCount(f[s] ?? 0)}`);
  const range = rangeText(report);
  const missing = report.summary.daysWithoutCdrs.length;
  if (counts.length === 0 && missing > 0) return oneLine(`[tollguard] WARNING no CDRs for ${missing} day(s) — ${range}`, max);
  if (counts.length === 0) return oneLine(`[tollguard] All clear — ${range}`, max);
  const groups = groupFindings(report);
  const extensions = new Set(groups.map((g) => g.extension));
  const worst = groups[0]!;
  const who = subjectName(worst.extension, worst.caller) + (extensions.size > 1 ? ` +${extensions.size - 1} more` : '');
  return oneLine(`[tollguard] ${counts.join(', ')}: ${who}, ${roundMoney(report.summary.flaggedCost, report.summary.currency)} est. — ${range}`, max);
}

function mailHtml(report: Report): string {
  let html = '';
  for (const limits of MAIL_LIMITS) {
    html = renderHtml(report, limits);
    if (Buffer.byteLength(html) <= HTML_BUDGET) break;
  }
  return html;
}

function actions(extension: string): { text: string; html: string }[] {
  if (extension === '*') {
    const t = 'Find the extensions behind the cost in the report and lock them (tollguard lockout add EXT); consider blocking international dialling on the trunk until it is understood.';
    return [{ text: t, html: h(t) }, trunkStep()];
  }
  // Only a plain extension goes into a command an admin may paste into a shell.
  const lock = /^[A-Za-z0-9_.+-]{1,40}$/.test(extension)
    ? { text: `Lock the extension: tollguard lockout add ${extension}`, html: `Lock the extension: <code style="${MONO}">tollguard lockout add ${h(extension)}</code>` }
    : { text: 'Lock the extension named above in the PBX (its name has characters tollguard will not put in a command).', html: 'Lock the extension named above in the PBX (its name has characters tollguard will not put in a command).' };
  const secret = "Change the extension's SIP password (an attacker has it) and check which IP addresses registered it.";
  return [lock, { text: secret, html: h(secret) }, trunkStep()];
}

/** "ext 1001", "whole PBX", or a trunk's or forward's label, short enough for a subject. */
function subjectName(extension: string, caller: ProfileCaller | undefined): string {
  if (caller) return oneLine(caller.label, 2 * EXT_MAX);
  return extension === '*' ? 'whole PBX' : `ext ${oneLine(extension, EXT_MAX)}`;
}

/** No extension to lock: the dialplan or the forward must change (the finding says where). */
function callerActions(caller: ProfileCaller): { text: string; html: string }[] {
  const steps: { text: string; html: string }[] = [];
  const fix =
    caller.kind === 'forward'
      ? `Remove or correct the forward (${oneLine(caller.label, 120)}) and change the voicemail PIN or password that protects it; tollguard cannot lock a forward.`
      : `Close the door in the dialplan (${oneLine(caller.label, 120)}): remove the include of the outbound routes, DISA or dial-out option from the inbound context, then run asterisk -rx "dialplan reload"; tollguard cannot lock a trunk.`;
  steps.push({ text: fix, html: h(fix) });
  if (caller.extension && /^[A-Za-z0-9_.+-]{1,40}$/.test(caller.extension)) {
    steps.push({ text: `Lock the extension that owns the forward: tollguard lockout add ${caller.extension}`, html: `Lock the extension that owns the forward: <code style="${MONO}">tollguard lockout add ${h(caller.extension)}</code>` });
  }
  const block = 'Until it is fixed, block international dialling on the trunk or the outbound route.';
  steps.push({ text: block, html: h(block) }, trunkStep());
  return steps;
}

function trunkStep(): { text: string; html: string } {
  const t = "Check the trunk provider's portal for calls still in progress and ask them to block these destinations.";
  return { text: t, html: h(t) };
}

function groupFor(alert: AlertInput, report: Report): FlaggedGroup {
  const found = groupFindings(report).find((g) => g.extension === alert.extension && g.day === alert.day);
  if (found) return found;
  return { extension: alert.extension, day: alert.day, worst: 'critical', findings: alert.findings, profile: undefined, chart: undefined };
}

/** The same outer layout as the report: a centred 680px column, inline styles only. */
function document(title: string, rows: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="format-detection" content="telephone=no">' +
    `<title>${h(oneLine(title, 200))}</title></head>\n<body style="margin:0;padding:0;background:${PAGE};">\n` +
    `<table ${TABLE} bgcolor="${PAGE}" style="background:${PAGE};"><tr><td align="center" style="padding:12px 8px;">` +
    `<table ${TABLE} style="max-width:680px;width:100%;font-family:${FONT};color:${INK};">\n${rows}\n</table></td></tr></table>\n</body></html>\n`
  );
}

function footer(text: string): string {
  return `<tr><td style="padding:4px 2px 16px 2px;${SMALL}">${h(text)} Generated by tollguard.</td></tr>`;
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

function fileRange(report: Report): string {
  const { from, to } = report.window;
  return (from === to ? from : `${from}_${to}`).replace(/[^0-9A-Za-z_-]/g, '');
}

function roundMoney(amount: number, currency: string): string {
  return `${oneLine(currency, 8)} ${formatCount(Math.round(amount))}`;
}
