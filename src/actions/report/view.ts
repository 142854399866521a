// Presentation helpers shared by the text and HTML renderers: number formats
// and the grouping of findings into the extension-days an admin acts on.
import { severityRank, type Finding, type Severity } from '../../detection/rule.js';
import type { DailyProfile, ProfileCaller } from '../../profiles/daily-profile.js';
import type { FlaggedDay, Report } from './report.js';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return Number.isFinite(n) ? INTEGER.format(n) : '?';
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

/** PBX-wide findings name extension "*"; calls no extension made are named by their Caller. */
export function extensionLabel(extension: string, caller?: ProfileCaller): string {
  if (caller) return caller.kind === 'forward' ? caller.label : `${caller.label} (no extension)`;
  return extension === '*' ? 'whole PBX' : `extension ${extension}`;
}

/** Most severe first, then the costliest; ties keep their order. */
export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.estimatedCost - a.estimatedCost;
}

export function worstSeverity(findings: readonly Finding[]): Severity {
  let worst: Severity = 'info';
  for (const f of findings) if (severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

/** Everything known about one extension-day that has findings. */
export interface FlaggedGroup {
  extension: string;
  /** Set when no extension made the calls. */
  caller?: ProfileCaller;
  day: string;
  worst: Severity;
  /** Most severe first. */
  findings: Finding[];
  profile: DailyProfile | undefined;
  chart: FlaggedDay | undefined;
}

const key = (extension: string, day: string): string => `${extension}\u0000${day}`;

export function profileIndex(profiles: readonly DailyProfile[]): Map<string, DailyProfile> {
  const index = new Map<string, DailyProfile>();
  for (const p of profiles) index.set(key(p.extension, p.day), p);
  return index;
}

/**
 * Findings grouped by extension-day, worst group first. Groups come from the
 * findings themselves, so a finding without a FlaggedDay entry is still shown.
 */
export function groupFindings(report: Report): FlaggedGroup[] {
  const profiles = profileIndex(report.profiles);
  const charts = new Map<string, FlaggedDay>();
  for (const f of report.flagged) charts.set(key(f.extension, f.day), f);
  const groups = new Map<string, FlaggedGroup>();
  for (const finding of [...report.findings].sort(compareFindings)) {
    const k = key(finding.extension, finding.day);
    let g = groups.get(k);
    if (!g) {
      g = { extension: finding.extension, ...(finding.caller ? { caller: finding.caller } : {}), day: finding.day, worst: finding.severity, findings: [], profile: profiles.get(k), chart: charts.get(k) };
      groups.set(k, g);
    }
    g.findings.push(finding);
  }
  // Insertion order already follows each group's worst finding.
  return [...groups.values()];
}

/** Rule ids with findings on each extension-day, for the CSV of flagged calls. */
export function rulesByExtensionDay(findings: readonly Finding[]): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const f of findings) {
    const k = key(f.extension, f.day);
    const list = rules.get(k);
    if (!list) rules.set(k, [f.rule]);
    else if (!list.includes(f.rule)) list.push(f.rule);
  }
  return rules;
}

export function extensionDayKey(extension: string, day: string): string {
  return key(extension, day);
}

/** The window's days without any CDR, said plainly: not a quiet day, a feed to check. */
export function noCdrWarning(report: Report): string | null {
  const missing = report.summary.daysWithoutCdrs;
  if (missing.length === 0) return null;
  const all = missing.length === 1 && report.window.from === report.window.to ? 'the whole window' : `${missing.length} day(s)`;
  const list = missing.length <= 7 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} ... ${missing.slice(-2).join(', ')}`;
  return `no CDRs at all for ${all} (${list}), so ${missing.length === 1 ? 'it was' : 'they were'} not judged. Check that Asterisk is writing CDRs, the file or table read, the --from/--to days and the timezone.`;
}

/** rowsRead = used + quarantined + outside window; the difference when it does not. */
export function rowsUnaccounted(s: Report['summary']): number {
  return s.rowsRead - s.rowsUsed - s.rowsQuarantined - s.rowsOutsideWindow;
}
