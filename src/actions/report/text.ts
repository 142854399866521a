// The report for a terminal, incidents first: what needs action and the
// commands to run, then each incident's evidence, then the bookkeeping. CDR
// strings pass through oneLine so an escape sequence in a caller ID cannot
// repaint or hijack the admin's terminal.
import { SEVERITIES, type Finding, type Severity } from '../../detection/rule.js';
import type { CallExample, DestinationSummary } from '../../profiles/daily-profile.js';
import { configurationText } from '../../audit/render/section.js';
import type { PbxClock } from '../../time/pbx-clock.js';
import { oneLine } from './escape.js';
import { groupIncidents, incidentFacts, PBX, type Incident } from './incidents.js';
import { incidentNote, stepsFor } from './next-steps.js';
import type { Report } from './report.js';
import {
  clidText,
  counted,
  formatCount,
  formatMetric,
  formatMoney,
  formatSeconds,
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

export interface TextOptions {
  /** ANSI colours for severities (for a TTY; off by default). */
  color?: boolean;
}

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', warning: '\x1b[33m', info: '\x1b[36m' };
const RESET = '\x1b[0m';

/** CDR-derived text on one line, bounded. */
const t = (s: string | null | undefined, max = 120): string => oneLine(s, max);

type Sev = (s: Severity) => string;

function severityLabel(color: boolean): Sev {
  return (s) => {
    const label = s.toUpperCase().padEnd(8);
    return color ? `${COLOUR[s]}${label}${RESET}` : label;
  };
}

export function renderText(report: Report, options: TextOptions = {}): string {
  return renderTextBody(report, options) + configurationText(report.configuration);
}

function renderTextBody(report: Report, options: TextOptions): string {
  const clock = reportClock(report);
  const s = report.summary;
  const incidents = groupIncidents(report);
  const generated = Date.parse(report.generatedAt);
  const out: string[] = [];
  out.push(
    `tollguard report: ${t(report.window.from)} to ${t(report.window.to)} (${t(report.window.timezone)}` +
      `${Number.isNaN(generated) ? '' : `, generated ${localStamp(clock, generated)}`})`,
  );
  out.push('');
  const warning = noCdrWarning(report);
  const headline = incidentHeadline(incidents, s.currency);
  out.push(headline ?? (warning ? 'No findings, but days without CDRs were not judged: see the warning below.' : 'All clear: no suspicious calling found in this window.'));
  const estimated = s.costEstimated ? ' estimated' : '';
  out.push(
    `  ${[...SEVERITIES].reverse().map((v) => `${formatCount(s.findings[v] ?? 0)} ${v}`).join(', ')} findings; ` +
      `${counted(s.outboundCalls, 'outbound call')} from ${counted(s.extensions, 'extension')}, ${formatMoney(s.estimatedCost, s.currency)}${estimated} in all`,
  );
  if (warning) out.push('', `WARNING: ${warning}`);
  const badRows = badRowsWarning(report);
  if (badRows) out.push('', `WARNING: ${t(badRows, 600)}`);

  out.push(...renderIncidentsText(incidents, report, options));

  out.push('', 'Rows');
  const gap = rowsUnaccounted(s);
  out.push(
    `  read ${formatCount(s.rowsRead)} = used ${formatCount(s.rowsUsed)} + quarantined ${formatCount(s.rowsQuarantined)}` +
      ` + outside window ${formatCount(s.rowsOutsideWindow)}` +
      (s.rowsMerged > 0 ? ` + second records of a call ${formatCount(s.rowsMerged)}` : '') +
      (gap === 0 ? '' : `  (does not add up: ${formatCount(gap)} rows unaccounted)`),
  );
  out.push(`  used ${formatCount(s.rowsUsed)} = in the window ${formatCount(s.rowsInWindow)} + lookback (baselines) ${formatCount(s.rowsUsed - s.rowsInWindow)}`);
  if (s.rowsQuarantined > 0) out.push(`  quarantined rows set aside in: ${t(s.quarantineFile ?? '(not written)', 300)}`);
  out.push('Calls in the window');
  out.push(
    `  outbound ${formatCount(s.outboundCalls)}, internal ${formatCount(s.internalCalls)}, inbound ${formatCount(s.inboundCalls)},` +
      ` other legs ${formatCount(s.otherLegs)}, blocked ${formatCount(s.blockedCalls)}`,
  );
  const blocked = report.blockedAttempts ?? [];
  if (blocked.length) {
    out.push(`  blocked attempts (locked extensions, refused by the lockout dialplan)${blocked.length < s.blockedCalls ? `, the first ${formatCount(blocked.length)}` : ''}:`);
    for (const b of blocked) out.push(`    ${b.time.slice(0, 19).replace('T', ' ')}  ${t(b.extension, 40)}  dialled ${t(b.dialled, 60)}`);
  }
  out.push(`  extensions with outbound calls: ${formatCount(s.extensions)}`);
  out.push(`  cost of outbound calls: ${formatMoney(s.estimatedCost, s.currency)}${estimated}; on flagged extension-days: ${formatMoney(s.flaggedCost, s.currency)}${estimated}`);
  out.push(`Source: ${t(report.source, 300)}`);
  return out.join('\n') + '\n';
}

/**
 * Every incident's headline and steps, then every incident's evidence: the
 * report's and the alert mail's body. `notes` adds a line under an incident's
 * headline (e.g. how much it grew since the last alert).
 */
export function renderIncidentsText(incidents: readonly Incident[], report: Report, options: TextOptions & { notes?: ReadonlyMap<Incident, string> } = {}): string[] {
  const sev = severityLabel(options.color ?? false);
  const clock = reportClock(report);
  const out: string[] = [];
  incidents.forEach((n, i) => {
    out.push('', ...incidentLines(n, i + 1, report, clock, sev));
    const note = incidentNote(n, report, options.notes?.get(n));
    if (note) out.push(`${' '.repeat(String(i + 1).length + 2)}${t(note, 400)}`);
  });
  if (incidents.length > 0) {
    out.push('', 'Evidence, incident by incident');
    incidents.forEach((n, i) => out.push('', ...evidenceLines(n, i + 1, report, sev)));
  }
  return out;
}

/** The lines that say what happened and what to do: the part an admin acts on. */
function incidentLines(n: Incident, rank: number, report: Report, clock: PbxClock, sev: Sev): string[] {
  const facts = incidentFacts(n);
  const indent = ' '.repeat(String(rank).length + 2);
  const name = n.name ? ` ("${t(n.name, 40)}")` : '';
  const lines = [
    `${rank}. ${sev(n.severity)} ${t(incidentLabel(n.extension, n.caller), 60)}${name}  ${incidentWhen(n, clock)}`,
    `${indent}${counted(n.calls, 'call')}, ${formatMoney(n.estimatedCost, n.currency)}${n.costEstimated ? ' estimated' : ''}; ${t(whereLine(facts), 300)}`,
    `${indent}rules: ${n.rules.join(' ')}`,
  ];
  const steps = stepsFor(n, report, facts);
  steps.forEach((step, i) => {
    const lead = i === 0 ? 'do now: ' : '        ';
    lines.push(`${indent}${lead}${step.text}`);
    for (const c of step.commands) lines.push(`${indent}          ${c}`);
  });
  return lines;
}

/** Each finding's own sentence, then the facts the findings share, once. */
function evidenceLines(n: Incident, rank: number, report: Report, sev: Sev): string[] {
  const currency = n.currency;
  const facts = incidentFacts(n);
  const days = n.firstDay === n.lastDay ? n.firstDay : `${n.firstDay} to ${n.lastDay}`;
  const lines = [`${rank}. ${t(incidentLabel(n.extension, n.caller), 60)}, ${days}`];
  for (const i of n.findings) lines.push(...findingLines(report.findings[i]!, n, sev));
  for (const d of n.days) {
    const p = d.profile;
    if (p) {
      lines.push(
        `   ${n.days.length > 1 ? `${p.day}: ` : 'Calls: '}${formatCount(p.outboundCalls)} outbound (${formatCount(p.answeredCalls)} answered), ` +
          `${formatCount(p.internationalCalls)} international, ${formatCount(p.premiumCalls)} premium, ${formatCount(p.highRiskCalls)} high-risk, ` +
          `${formatSeconds(p.billsec)} billed, ${formatMoney(p.estimatedCost, currency)}${p.costEstimated ? ' (estimated)' : ''}`,
      );
    }
    if (d.chart) {
      const b = d.chart.baseline;
      lines.push(
        `   Usual day${n.days.length > 1 ? ` before ${d.day}` : ''} (median of ${formatCount(d.chart.historyDays)} days${d.chart.coldStart ? ', cold start' : ''}): ` +
          `${formatMetric(b.outboundCalls)} outbound, ${formatMetric(b.internationalCalls)} international, ${formatMoney(b.estimatedCost, currency)}`,
      );
    }
  }
  if (facts.countries.length > 0) {
    lines.push(`   Cost by country: ${facts.countries.map((c) => `${t(c.label, 60)} ${counted(c.calls, 'call')} ${formatMoney(c.cost, currency)}${c.highRisk ? ' (high-risk)' : ''}`).join('; ')}`);
  }
  if (facts.destinations.length > 0) {
    lines.push('   Top destinations:');
    for (const d of facts.destinations) lines.push(`     ${destinationLine(d, currency)}`);
  }
  if (facts.examples.length > 0) {
    lines.push('   Example calls, in time order:');
    for (const e of facts.examples) lines.push(`     ${exampleLine(e, currency)}`);
  }
  return lines;
}

function findingLines(f: Finding, n: Incident, sev: Sev): string[] {
  const whole = f.extension === PBX && n.extension !== PBX ? ' (whole PBX)' : '';
  const lines = [`   ${sev(f.severity)} ${t(f.title, 200)}${whole}  [${t(f.rule)}]`, `            ${t(f.explanation, 1000)}`];
  if (f.details) lines.push(`            details: ${t(f.details, 600)}`);
  return lines;
}

function destinationLine(d: DestinationSummary, currency: string): string {
  const tags = [d.numberClass, d.premium ? 'premium' : '', d.highRisk ? `high-risk: ${d.highRisk}` : ''].filter(Boolean).join(', ');
  return (
    `${t(d.e164 ?? d.dialled, 40)}  ${t(d.label, 60)}${d.country ? ` (${t(d.country, 8)})` : ''}  [${t(tags, 120)}]  ` +
    `${counted(d.calls, 'call')}, ${formatCount(d.answered)} answered, ${formatSeconds(d.billsec)}, ${formatMoney(d.cost, currency)}`
  );
}

function exampleLine(e: CallExample, currency: string): string {
  const number = e.e164 && e.e164 !== e.dialled ? `${t(e.e164, 40)} (dialled ${t(e.dialled, 40)})` : t(e.dialled, 40);
  return (
    `${t(e.time, 40)}  ${number}  ${t(e.label, 60)}  ${t(e.disposition, 20)} ${formatSeconds(e.billsec)}  ` +
    `${formatMoney(e.cost, currency)}  clid ${t(clidText(e.clid), 80)}  ${t(e.origin, 80)}`
  );
}
