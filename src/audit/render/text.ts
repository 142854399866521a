// The audit for a terminal: configuration text passes through oneLine, so a
// control sequence in a file cannot repaint the admin's terminal.
import type { Severity } from '../../detection/rule.js';
import { oneLine } from '../../actions/report/escape.js';
import { summaryLine, type AuditResult } from './result.js';

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', warning: '\x1b[33m', info: '\x1b[36m' };
const RESET = '\x1b[0m';

/** Words wrapped at `width`, each line indented. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function renderAuditText(r: AuditResult, options: { color?: boolean } = {}): string {
  const out = [`tollguard audit of ${oneLine(r.etc, 200)}: ${summaryLine(r.findings)}`, `Files read: ${r.files.length ? oneLine(r.files.join(', '), 600) : 'none'}`, ''];
  if (r.findings.length === 0) out.push('No findings: nothing in these files opens a door tollguard knows about.', '');
  for (const f of r.findings) {
    const label = f.severity.toUpperCase().padEnd(8);
    out.push(`${options.color ? `${COLOUR[f.severity]}${label}${RESET}` : label} ${oneLine(f.title, 200)}`);
    out.push(`         ${oneLine(f.file, 200)}${f.line > 0 ? `:${f.line}` : ''}  [${f.check}]`);
    out.push(...wrap(oneLine(f.explanation, 4000), '         '));
    out.push(...wrap(`Fix: ${oneLine(f.fix, 1000)}`, '         '));
    out.push('');
  }
  return `${out.join('\n')}`;
}
