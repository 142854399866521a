// Presentation helpers shared by the renderers: number formats, times in the
// PBX zone, and the one-line summaries of incidents.
import { isValidTimeZone, PbxClock } from '../../time/pbx-clock.js';
import type { ProfileCaller } from '../../profiles/daily-profile.js';
import type { Incident, IncidentFacts } from './incidents.js';
import type { Report } from './report.js';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return Number.isFinite(n) ? INTEGER.format(n) : '?';
}

/**
 * A CDR caller ID as Asterisk writes it: '"Grace" <1007>', '"" <anonymous>'. It
 * carries its own quotes, so it is shown as it is, never quoted again; an empty
 * one says so.
 */
export function clidText(clid: string): string {
  return clid.trim() === '' ? '(none)' : clid;
}

/** "1 call", "2 calls", "1,204 extensions"; `sep` is '&nbsp;' in HTML, so the count and its noun stay on one line. */
export function counted(n: number, noun: string, sep = ' '): string {
  return `${formatCount(n)}${sep}${n === 1 ? noun : `${noun}s`}`;
}

/** Baseline medians can be fractional (the median of an even history). */
export function formatMetric(n: number): string {
  return Number.isFinite(n) ? DECIMAL.format(n) : '?';
}

export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${Number.isFinite(amount) ? CENTS.format(amount) : '?'}`;
}

/** 312 -> "5m 12s"; billable seconds as an admin reads them. */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total)) return '?';
  const s = Math.round(total);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${sec}s`;
  return `${sec}s`;
}

/** "USD 3,501" for subjects and headlines: whole units. */
export function formatMoneyRounded(amount: number, currency: string): string {
  return `${currency} ${formatCount(Math.round(amount))}`;
}

/** Times as the admin reads them: in the PBX's zone (UTC when the report names no valid zone). */
export function reportClock(report: Pick<Report, 'window'>): PbxClock {
  return new PbxClock(isValidTimeZone(report.window.timezone) ? report.window.timezone : 'UTC');
}

/** "2026-11-25 01:10" in the PBX zone. */
/** The window as part of a file name: "2026-11-26", or "2026-11-20_2026-11-26". */
export function windowFileStem(report: Pick<Report, 'window'>): string {
  const { from, to } = report.window;
  return (from === to ? from : `${from}_${to}`).replace(/[^0-9A-Za-z_-]/g, '');
}

/**
 * The command that writes this report's window as an HTML file, every incident in full:
 * what a mail too big to hold them all points to. Without --from/--to it would cover
 * yesterday only, and without --out it would print HTML on the terminal.
 */
export function htmlReportCommand(report: Pick<Report, 'window'>): string {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const { from, to } = report.window;
  const window = day.test(from) && day.test(to) ? `--from ${from} --to ${to} ` : '';
  return `tollguard report ${window}--format html --out report-${windowFileStem(report)}.html`;
}

export function localStamp(clock: PbxClock, ms: number): string {
  const iso = clock.iso(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "2026-11-25 01:10-06:35", or across days "2026-11-24 20:00 - 2026-11-25 03:10"; the days alone when the calls are unknown. */
export function incidentWhen(n: Pick<Incident, 'firstDay' | 'lastDay' | 'firstCall' | 'lastCall'>, clock: PbxClock): string {
  if (n.firstCall === null || n.lastCall === null) return n.firstDay === n.lastDay ? n.firstDay : `${n.firstDay} to ${n.lastDay}`;
  const first = localStamp(clock, n.firstCall);
  const last = localStamp(clock, n.lastCall);
  if (first === last) return first;
  return first.slice(0, 10) === last.slice(0, 10) ? `${first}-${last.slice(11)}` : `${first} - ${last}`;
}

/** "ext 1007", "whole PBX", or the path of calls no extension made: how an incident is named in a subject or headline. */
export function incidentLabel(extension: string, caller?: ProfileCaller | null): string {
  if (caller) return caller.kind === 'forward' ? caller.label : `${caller.label} (no extension)`;
  return extension === '*' ? 'whole PBX' : `ext ${extension}`;
}

/** "5 incidents need action: 3 critical, 2 warning; USD 3,720.12 estimated" (null when there are none). */
export function incidentHeadline(incidents: readonly Incident[], currency: string): string | null {
  if (incidents.length === 0) return null;
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, incidents.filter((n) => n.severity === s).length] as const)
    .filter(([, c]) => c > 0)
    .map(([s, c]) => `${formatCount(c)} ${s}`);
  const cost = incidents.reduce((sum, n) => sum + n.estimatedCost, 0);
  const need = incidents.some((n) => n.severity !== 'info') ? 'need action' : 'to look at';
  return `${counted(incidents.length, 'incident')} ${incidents.length === 1 ? need.replace('need', 'needs') : need}: ${counts.join(', ')}; ${formatMoney(cost, currency)} estimated`;
}

/** Where the calls went, in one line: "180 international: International Networks (+882) 70, Cuba 43 (all high-risk)". */
export function whereLine(facts: IncidentFacts): string {
  const parts: string[] = [];
  if (facts.international > 0) {
    const shown = facts.countries.slice(0, 4);
    const named = shown.map((c) => `${c.label} ${formatCount(c.calls)}`).join(', ');
    const more = facts.countries.length > shown.length ? ` +${facts.countries.length - shown.length} more` : '';
    const risky = facts.countries.filter((c) => c.highRisk);
    const risk = risky.length === 0 ? '' : risky.length === facts.countries.length ? ' (all high-risk)' : ` (high-risk: ${risky.slice(0, 3).map((c) => c.label).join(', ')})`;
    parts.push(`${formatCount(facts.international)} international${named ? `: ${named}${more}${risk}` : ''}`);
  }
  if (facts.premium > 0) parts.push(`${formatCount(facts.premium)} premium-rate`);
  if (parts.length === 0) parts.push(facts.highRisk > 0 ? `${formatCount(facts.highRisk)} high-risk` : 'domestic calls only');
  return parts.join('; ');
}

/** The window's days without any CDR, said plainly: not a quiet day, a feed to check. */
export function noCdrWarning(report: Report): string | null {
  const missing = report.summary.daysWithoutCdrs;
  if (missing.length === 0) return null;
  const all = missing.length === 1 && report.window.from === report.window.to ? 'the whole window' : `${missing.length} day(s)`;
  const list = missing.length <= 7 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} ... ${missing.slice(-2).join(', ')}`;
  return `no CDRs at all for ${all} (${list}), so ${missing.length === 1 ? 'it was' : 'they were'} not judged. Check that Asterisk is writing CDRs, the file or table read, the --from/--to days and the timezone.`;
}

/** When most rows read were bad, the findings miss their calls: said as loudly as a day without CDRs. */
export function badRowsWarning(report: Report): string | null {
  const s = report.summary;
  if (s.rowsQuarantined === 0 || s.rowsQuarantined * 2 <= s.rowsRead) return null;
  return `${formatCount(s.rowsQuarantined)} of ${formatCount(s.rowsRead)} CDR rows were set aside as bad${s.quarantineFile ? ` (in ${s.quarantineFile})` : ''}, so the findings miss their calls. Check the CDR files and CDR_CSV_LAYOUT.`;
}

/** rowsRead = used + quarantined + outside window + merged; the difference when it does not. */
export function rowsUnaccounted(s: Report['summary']): number {
  return s.rowsRead - s.rowsUsed - s.rowsQuarantined - s.rowsOutsideWindow - s.rowsMerged;
}
