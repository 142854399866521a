// The audit as one self-contained HTML page (and the card the nightly report
// mail carries), with the report's inline styles and escaping: configuration
// text is as hostile as a caller ID.
import { SEVERITIES } from '../../detection/rule.js';
import { escapeHtml as h, oneLine } from '../../actions/report/escape.js';
import { badge, card, FONT, H2, INK, MONO, MUTED, OK, PAGE, SEVERITY_COLOUR, SMALL, TABLE } from '../../actions/report/html-style.js';
import type { AuditFinding } from '../check.js';
import { countBySeverity, type AuditResult } from './result.js';

function findingHtml(f: AuditFinding): string {
  return (
    `<div style="margin:0 0 12px 0;padding:0 0 10px 0;border-bottom:1px solid #eaecef;">` +
    `<div style="margin:0 0 4px 0;">${badge(f.severity)} <b style="font-size:14px;">${h(oneLine(f.title, 300))}</b></div>` +
    `<div style="${SMALL}${MONO}">${h(f.file)}${f.line > 0 ? `:${f.line}` : ''} · ${h(f.check)}</div>` +
    `<p style="margin:6px 0 0 0;font-size:13px;line-height:1.5;color:${INK};">${h(f.explanation)}</p>` +
    `<p style="margin:6px 0 0 0;font-size:13px;line-height:1.5;color:${INK};"><b>Fix:</b> ${h(f.fix)}</p></div>`
  );
}

/** The findings as report cards (rows of the report's 680px column). */
export function renderAuditCards(r: AuditResult): string {
  const c = countBySeverity(r.findings);
  const counts = [...SEVERITIES]
    .reverse()
    .map((v) => `<td width="33%" align="center" style="padding:6px 2px;text-align:center;"><div style="font-size:24px;font-weight:bold;color:${c[v] > 0 ? SEVERITY_COLOUR[v] : MUTED};">${c[v]}</div><div style="${SMALL}">${h(v)}</div></td>`)
    .join('');
  const summary = card(`<h2 style="${H2}">Configuration audit of ${h(r.etc)}</h2><table ${TABLE}><tr>${counts}</tr></table><p style="margin:8px 0 0 0;${SMALL}">Files read: ${h(r.files.join(', ') || 'none')}</p>`);
  if (r.findings.length === 0) return `${summary}\n${card(`<h2 style="${H2}color:${OK};">No findings</h2><p style="margin:0;font-size:14px;color:${INK};">Nothing in these files opens a door tollguard knows about.</p>`, OK)}`;
  const worst = r.findings[0]!.severity;
  return `${summary}\n${card(r.findings.map(findingHtml).join(''), SEVERITY_COLOUR[worst])}`;
}

export function renderAuditHtml(r: AuditResult): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="format-detection" content="telephone=no">' +
    `<title>${h(oneLine(`tollguard audit of ${r.etc}`, 200))}</title></head>\n<body style="margin:0;padding:0;background:${PAGE};">\n` +
    `<table ${TABLE} bgcolor="${PAGE}" style="background:${PAGE};"><tr><td align="center" style="padding:12px 8px;">` +
    `<table ${TABLE} style="max-width:680px;width:100%;font-family:${FONT};color:${INK};">\n` +
    `<tr><td style="padding:4px 2px 12px 2px;"><h1 style="margin:0;font-size:20px;line-height:1.3;color:${INK};">Asterisk configuration audit</h1>` +
    `<p style="margin:4px 0 0 0;${SMALL}">Generated ${h(r.generatedAt)}</p></td></tr>\n` +
    `${renderAuditCards(r)}\n</table></td></tr></table>\n</body></html>\n`
  );
}
