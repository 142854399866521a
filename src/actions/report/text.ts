// The report for a terminal. CDR strings pass through oneLine so an escape
// sequence in a caller ID cannot repaint or hijack the admin's terminal.
import { SEVERITIES, type Severity } from '../../detection/rule.js';
import type { CallExample, DestinationSummary } from '../../profiles/daily-profile.js';
import { configurationText } from '../../audit/render/section.js';
import { oneLine } from './escape.js';
import type { Report } from './report.js';
import {
  extensionLabel,
  formatCount,
  formatMetric,
  formatMoney,
  formatSeconds,
  groupFindings,
  noCdrWarning,
  rowsUnaccounted,
  type FlaggedGroup,
} from './view.js';

export interface TextOptions {
  /** ANSI colours for severities (for a TTY; off by default). */
  color?: boolean;
}

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', warning: '\x1b[33m', info: '\x1b[36m' };
const RESET = '\x1b[0m';

/** CDR-derived text on one line, bounded. */
const t = (s: string | null | undefined, max = 120): string => oneLine(s, max);

export function renderText(report: Report, options: TextOptions = {}): string {
  return renderTextBody(report, options) + configurationText(report.configuration);
}

function renderTextBody(report: Report, options: TextOptions): string {
  const sev = (s: Severity): string => {
    const label = s.toUpperCase().padEnd(8);
    return options.color ? `${COLOUR[s]}${label}${RESET}` : label;
  };
  const s = report.summary;
  const out: string[] = [];
  out.push(`tollguard report: ${t(report.window.from)} to ${t(report.window.to)} (${t(report.window.timezone)})`);
  out.push(`Source: ${t(report.source, 300)}`);
  out.push(`Generated: ${t(report.generatedAt)}`);
  out.push('');

  out.push('Rows');
  const gap = rowsUnaccounted(s);
  out.push(
    `  read ${formatCount(s.rowsRead)} = used ${formatCount(s.rowsUsed)} + quarantined ${formatCount(s.rowsQuarantined)}` +
      ` + outside window ${formatCount(s.rowsOutsideWindow)}` +
      (gap === 0 ? '' : `  (does not add up: ${formatCount(gap)} rows unaccounted)`),
  );
  out.push(`  used ${formatCount(s.rowsUsed)} = in the window ${formatCount(s.rowsInWindow)} + lookback (baselines) ${formatCount(s.rowsUsed - s.rowsInWindow)}`);
  if (s.rowsQuarantined > 0) out.push(`  quarantined rows set aside in: ${t(s.quarantineFile ?? '(not written)', 300)}`);
  const warning = noCdrWarning(report);
  if (warning) out.push('', `WARNING: ${warning}`, '');
  out.push('Calls in the window');
  out.push(
    `  outbound ${formatCount(s.outboundCalls)}, internal ${formatCount(s.internalCalls)}, inbound ${formatCount(s.inboundCalls)},` +
      ` other legs ${formatCount(s.otherLegs)}, blocked ${formatCount(s.blockedCalls)}`,
  );
  out.push(`  extensions with outbound calls: ${formatCount(s.extensions)}`);
  const bySeverity = [...SEVERITIES].reverse().map((v) => `${formatCount(s.findings[v] ?? 0)} ${v}`);
  out.push(`Findings: ${bySeverity.join(', ')}`);
  const estimated = s.costEstimated ? ' (estimated)' : '';
  out.push(`Cost of outbound calls: ${formatMoney(s.estimatedCost, s.currency)}${estimated}`);
  out.push(`Cost on flagged extension-days: ${formatMoney(s.flaggedCost, s.currency)}${estimated}`);
  out.push('');

  const groups = groupFindings(report);
  if (groups.length === 0) {
    out.push(warning ? 'No findings, but see the warning above: days without CDRs were not judged.' : 'All clear: no suspicious calling found in this window.');
    return out.join('\n') + '\n';
  }
  out.push(`Findings, most severe first (${groups.length} extension-day${groups.length === 1 ? '' : 's'})`);
  for (const g of groups) out.push('', ...renderGroup(g, s.currency, sev));
  return out.join('\n') + '\n';
}

function renderGroup(g: FlaggedGroup, currency: string, sev: (s: Severity) => string): string[] {
  const lines: string[] = [];
  lines.push(`${sev(g.worst)} ${t(extensionLabel(g.extension, g.caller))} on ${t(g.day)}`);
  for (const f of g.findings) {
    lines.push(`  ${sev(f.severity)} ${t(f.title, 200)}  [${t(f.rule)}]`);
    lines.push(`           ${t(f.explanation, 1000)}`);
    if (f.estimatedCost > 0) lines.push(`           cost: ${formatMoney(f.estimatedCost, f.currency || currency)}`);
  }
  const p = g.profile;
  if (p) {
    lines.push(
      `  Day: ${formatCount(p.outboundCalls)} outbound (${formatCount(p.answeredCalls)} answered), ` +
        `${formatCount(p.internationalCalls)} international, ${formatCount(p.premiumCalls)} premium, ` +
        `${formatCount(p.highRiskCalls)} high-risk, ${formatSeconds(p.billsec)} billed, ` +
        `${formatMoney(p.estimatedCost, currency)}${p.costEstimated ? ' (estimated)' : ''}`,
    );
    if (g.chart) {
      const b = g.chart.baseline;
      lines.push(
        `  Baseline (median of ${formatCount(g.chart.historyDays)} days${g.chart.coldStart ? ', cold start' : ''}): ` +
          `${formatMetric(b.outboundCalls)} outbound, ${formatMetric(b.internationalCalls)} international, ${formatMoney(b.estimatedCost, currency)}`,
      );
    }
    if (p.topDestinations.length > 0) {
      lines.push('  Top destinations:');
      for (const d of p.topDestinations) lines.push(`    ${destinationLine(d, currency)}`);
    }
    if (p.examples.length > 0) {
      lines.push('  Example calls:');
      for (const e of p.examples) lines.push(`    ${exampleLine(e, currency)}`);
    }
  }
  return lines;
}

function destinationLine(d: DestinationSummary, currency: string): string {
  const tags = [d.numberClass, d.premium ? 'premium' : '', d.highRisk ? `high-risk: ${d.highRisk}` : ''].filter(Boolean).join(', ');
  return (
    `${t(d.e164 ?? d.dialled, 40)}  ${t(d.label, 60)}${d.country ? ` (${t(d.country, 8)})` : ''}  [${t(tags, 120)}]  ` +
    `${formatCount(d.calls)} call${d.calls === 1 ? '' : 's'}, ${formatCount(d.answered)} answered, ${formatSeconds(d.billsec)}, ${formatMoney(d.cost, currency)}`
  );
}

function exampleLine(e: CallExample, currency: string): string {
  const number = e.e164 && e.e164 !== e.dialled ? `${t(e.e164, 40)} (dialled ${t(e.dialled, 40)})` : t(e.dialled, 40);
  return (
    `${t(e.time, 40)}  ${number}  ${t(e.label, 60)}  ${t(e.disposition, 20)} ${formatSeconds(e.billsec)}  ` +
    `${formatMoney(e.cost, currency)}  clid "${t(e.clid, 80)}"  ${t(e.origin, 80)}`
  );
}
