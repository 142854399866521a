// The calls of flagged extension-days as CSV, for the admin's spreadsheet or the
// carrier's fraud desk. Every cell goes through csvCell: a caller ID such as
// =cmd|' /C calc'!A0 must not run when the file is opened.
import type { OutboundCall } from '../../enrichment/call.js';
import { isValidTimeZone, PbxClock } from '../../time/pbx-clock.js';
import { csvCell } from './escape.js';
import type { Report } from './report.js';
import { extensionDayKey, rulesByExtensionDay } from './view.js';

export const FLAGGED_CALLS_COLUMNS = [
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
  'extension_day_rules',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so Excel reads caller names as UTF-8. */
  bom?: boolean;
}

const CRLF = '\r\n';

export function renderFlaggedCallsCsv(report: Report, options: CsvOptions = {}): string {
  const zone = report.window.timezone;
  const clock = isValidTimeZone(zone) ? new PbxClock(zone) : null;
  const start = (ms: number): string => (!Number.isFinite(ms) ? '' : clock ? clock.iso(ms) : new Date(ms).toISOString());
  const rules = rulesByExtensionDay(report.findings);
  const currency = report.summary.currency;
  const calls = [...(report.flaggedCalls ?? [])].sort(byExtensionDayStart);
  const lines: string[] = [FLAGGED_CALLS_COLUMNS.join(',')];
  for (const c of calls) {
    const d = c.destination;
    const row = [
      c.extension,
      c.day,
      start(c.start),
      c.src,
      c.clid,
      d.dialled,
      d.e164,
      d.country,
      d.label,
      d.numberClass,
      d.highRisk,
      c.disposition,
      c.billsec,
      roundCost(c.price.cost),
      currency,
      c.price.estimated,
      c.dcontext,
      c.channel,
      c.uniqueid,
      c.origin,
      (rules.get(extensionDayKey(c.extension, c.day)) ?? []).join(' '),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return (options.bom ? '\uFEFF' : '') + lines.join(CRLF) + CRLF;
}

function byExtensionDayStart(a: OutboundCall, b: OutboundCall): number {
  if (a.extension !== b.extension) return a.extension < b.extension ? -1 : 1;
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.start - b.start;
}

/** A single call's cost to 1/10000 of the currency: cents hide per-second rates. */
const roundCost = (n: number): number => (Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 + 0 : 0);
