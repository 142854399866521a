// The short configuration section of the nightly report and its mail: the
// open audit findings (critical and warning) of AUDIT_ETC, the worst few in a
// line each, and the command that shows them all. Kept apart from the report
// renderers, which only append it.
import { severityRank, type Severity } from '../../detection/rule.js';
import { escapeHtml as h, oneLine } from '../../actions/report/escape.js';
import { badge, card, H2, INK, MONO, SEVERITY_COLOUR, SMALL } from '../../actions/report/html-style.js';
import type { AuditFinding } from '../check.js';
import { countBySeverity, type AuditResult } from './result.js';

export interface ConfigurationSection {
  etc: string;
  /** Open findings: critical and warning, most severe first. */
  findings: AuditFinding[];
  /** The audit could not run (the folder is gone, unreadable). */
  error?: string;
}

/** Findings shown in the section; the rest are counted. */
const SHOWN = 5;

export function configurationSection(result: AuditResult): ConfigurationSection | null {
  const open = result.findings.filter((f) => severityRank(f.severity) >= severityRank('warning'));
  return open.length ? { etc: result.etc, findings: open } : null;
}

/** "2 critical, 1 warning open" (or "audit could not run"), for a mail subject. */
export function configurationSummary(s: ConfigurationSection): string {
  return s.error ? 'audit could not run' : `${counts(s)} open`;
}

function counts(s: ConfigurationSection): string {
  const c = countBySeverity(s.findings);
  return (['critical', 'warning'] as Severity[]).filter((v) => c[v] > 0).map((v) => `${c[v]} ${v}`).join(', ');
}

/** The shell-quoted folder, for the command the section prints. */
function command(etc: string): string {
  return `tollguard audit --etc ${/^[A-Za-z0-9_./-]+$/.test(etc) ? etc : `'${etc.replace(/'/g, `'\\''`)}'`}`;
}

export function configurationText(s: ConfigurationSection | undefined): string {
  if (!s) return '';
  if (s.error) return `\nConfiguration audit of ${oneLine(s.etc, 200)}: could not run (${oneLine(s.error, 300)}).\n`;
  const lines = ['', `Configuration audit of ${oneLine(s.etc, 200)}: ${counts(s)} open`];
  for (const f of s.findings.slice(0, SHOWN)) lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${oneLine(f.title, 160)} (${oneLine(f.file, 120)}${f.line > 0 ? `:${f.line}` : ''})`);
  if (s.findings.length > SHOWN) lines.push(`  ... and ${s.findings.length - SHOWN} more`);
  lines.push(`  Details and fixes: ${command(s.etc)}`, '');
  return lines.join('\n');
}

export function configurationHtml(s: ConfigurationSection | undefined): string {
  if (!s) return '';
  if (s.error) return card(`<h2 style="${H2}">Configuration audit</h2><p style="margin:0;font-size:14px;color:${INK};">${h(s.etc)}: could not run (${h(s.error)}).</p>`);
  const rows = s.findings
    .slice(0, SHOWN)
    .map((f) => `<p style="margin:0 0 6px 0;font-size:13px;line-height:1.45;color:${INK};">${badge(f.severity)} ${h(oneLine(f.title, 200))} <span style="${SMALL}${MONO}">${h(f.file)}${f.line > 0 ? `:${f.line}` : ''}</span></p>`)
    .join('');
  const more = s.findings.length > SHOWN ? `<p style="margin:0 0 6px 0;${SMALL}">... and ${s.findings.length - SHOWN} more.</p>` : '';
  return card(
    `<h2 style="${H2}">Configuration: ${h(counts(s))} open</h2>${rows}${more}<p style="margin:6px 0 0 0;${SMALL}">Details and fixes: <span style="${MONO}">${h(command(s.etc))}</span></p>`,
    SEVERITY_COLOUR[s.findings[0]!.severity],
  );
}
