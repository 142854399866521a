// The calls behind the incidents as CSV, for the admin's spreadsheet or the
// carrier's fraud desk. Every row says why it is there (its incident and the
// rules, or the PBX-wide cost cap) and whether it is one of the calls a
// finding is about; the worst incident's calls come first, its flagged and
// costliest calls at the top. Every cell goes through csvCell: a caller ID
// such as =cmd|' /C calc'!A0 must not run when the file is opened, and digit
// strings (011882..., +8816..., uniqueids) stay text instead of becoming
// numbers a spreadsheet rounds or strips of their leading zeros.
import { findingConcerns } from '../../detection/registry.js';
import type { Finding } from '../../detection/rule.js';
import type { OutboundCall } from '../../enrichment/call.js';
import { csvCell, csvText } from './escape.js';
import { groupIncidents, PBX, type Incident } from './incidents.js';
import type { Report } from './report.js';
import { incidentLabel, reportClock } from './view.js';
import { extensionDayKey } from '../../profiles/extension-day.js';

export const FLAGGED_CALLS_COLUMNS = [
  'incident',
  'severity',
  'why',
  'flagged',
  'flagged_by',
  'extension',
  'day',
  'start',
  'src',
  'clid',
  'dialled',
  'e164',
  'country',
  'destination',
  'class',
  'high_risk',
  'disposition',
  'billsec',
  'cost',
  'currency',
  'cost_estimated',
  'dcontext',
  'channel',
  'uniqueid',
  'origin',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so Excel reads caller names as UTF-8. */
  bom?: boolean;
}

const CRLF = '\r\n';

interface Row {
  call: OutboundCall;
  /** Worst first; Infinity for calls only the PBX-wide cap brought in. */
  rank: number;
  incident: Incident | null;
  why: string;
  flaggedBy: string[];
}

export function renderFlaggedCallsCsv(report: Report, options: CsvOptions = {}): string {
  const clock = reportClock(report);
  const incidents = groupIncidents(report);
  const byExtensionDay = new Map<string, { incident: Incident; rank: number }>();
  incidents.forEach((incident, i) => {
    for (const d of incident.days) byExtensionDay.set(extensionDayKey(incident.extension, d.day), { incident, rank: i + 1 });
  });
  const pbxWide = report.findings.filter((f) => f.extension === PBX);
  const currency = report.summary.currency;

  const rows: Row[] = (report.flaggedCalls ?? []).map((call) => {
    const own = byExtensionDay.get(extensionDayKey(call.extension, call.day)) ?? byExtensionDay.get(extensionDayKey(PBX, call.day));
    if (own) {
      const findings = own.incident.findings.map((i) => report.findings[i]!);
      return { call, rank: own.rank, incident: own.incident, why: why(own.incident), flaggedBy: flaggedBy(call, findings) };
    }
    const caps = pbxWide.filter((f) => f.day === call.day);
    return { call, rank: Infinity, incident: null, why: `PBX-wide cost cap on ${call.day} (no incident of its own)`, flaggedBy: flaggedBy(call, caps) };
  });
  rows.sort((a, b) => a.rank - b.rank || Number(b.flaggedBy.length > 0) - Number(a.flaggedBy.length > 0) || b.call.price.cost - a.call.price.cost || a.call.start - b.call.start);

  const lines: string[] = [FLAGGED_CALLS_COLUMNS.join(',')];
  for (const r of rows) {
    const c = r.call;
    const d = c.destination;
    const cells = [
      csvCell(Number.isFinite(r.rank) ? r.rank : null),
      csvCell(r.incident?.severity ?? pbxWide.find((f) => f.day === c.day)?.severity ?? ''),
      csvCell(r.why),
      csvCell(r.flaggedBy.length > 0 ? 'yes' : 'no'),
      csvCell(r.flaggedBy.join(' ')),
      csvText(c.extension),
      csvCell(c.day),
      csvCell(Number.isFinite(c.start) ? clock.iso(c.start) : ''),
      csvText(c.src),
      csvText(c.clid),
      csvText(d.dialled),
      csvText(d.e164),
      csvCell(d.country),
      csvCell(d.label),
      csvCell(d.numberClass),
      csvCell(d.highRisk),
      csvCell(c.disposition),
      csvCell(c.billsec),
      csvCell(roundCost(c.price.cost)),
      csvCell(currency),
      csvCell(c.price.estimated),
      csvCell(c.dcontext),
      csvCell(c.channel),
      csvText(c.uniqueid),
      csvCell(c.origin),
    ];
    lines.push(cells.join(','));
  }
  return (options.bom ? '\uFEFF' : '') + lines.join(CRLF) + CRLF;
}

/** "incident 1, ext 1007, 2026-11-25: after-hours-intl intl-spike ...". */
function why(n: Incident): string {
  const days = n.firstDay === n.lastDay ? n.firstDay : `${n.firstDay} to ${n.lastDay}`;
  return `${incidentLabel(n.extension, n.caller)}, ${days}: ${n.rules.join(' ')}`;
}

/** The rules whose findings are about this call (an after-hours rule does not claim a daytime domestic call). */
function flaggedBy(call: OutboundCall, findings: readonly Finding[]): string[] {
  const rules: string[] = [];
  for (const f of findings) if (!rules.includes(f.rule) && findingConcerns(call, f)) rules.push(f.rule);
  return rules;
}

/** A single call's cost to 1/10000 of the currency: cents hide per-second rates. */
const roundCost = (n: number): number => (Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 + 0 : 0);
