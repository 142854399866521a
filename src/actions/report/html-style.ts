// Inline styles for the HTML report. Mail clients drop <style> blocks, SVG,
// scripts and remote images, so everything is a style attribute on a table or div.
import type { Severity } from '../../detection/rule.js';
import { escapeHtml } from './escape.js';

export const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
export const INK = '#1f2328';
export const MUTED = '#57606a';
export const RULE_LINE = '#d0d7de';
export const PAGE = '#f3f4f6';
export const CARD = '#ffffff';
export const OK = '#067647';

/** Dark enough for white text on every badge (WCAG AA). */
export const SEVERITY_COLOUR: Record<Severity, string> = { critical: '#b42318', warning: '#a15c07', info: '#175cd3' };
/** The non-international part of the flagged day's bar. */
export const SEVERITY_LIGHT: Record<Severity, string> = { critical: '#f97066', warning: '#fdb022', info: '#84caff' };
export const SEVERITY_TINT: Record<Severity, string> = { critical: '#fef3f2', warning: '#fffaeb', info: '#eff8ff' };

/** Attributes every layout table needs so Outlook and Gmail do not add spacing. */
export const TABLE = 'role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"';

export function badge(severity: Severity): string {
  const c = SEVERITY_COLOUR[severity];
  return (
    `<span style="background:${c};color:#fff;font-size:11px;font-weight:bold;padding:1px 5px;border-radius:3px;white-space:nowrap;">${escapeHtml(severity.toUpperCase())}</span>`
  );
}

/** A white box with a border, one per report section. */
export function card(inner: string, accent = RULE_LINE): string {
  return (
    `<tr><td style="padding:0 0 12px 0;"><table ${TABLE} bgcolor="${CARD}" style="background:${CARD};` +
    `border:1px solid ${RULE_LINE};border-top:3px solid ${accent};border-radius:4px;">` +
    // Text styles are set once here and inherited: a few KB less per mail.
    `<tr><td style="padding:12px 14px;font-size:14px;line-height:1.45;color:${INK};">${inner}</td></tr></table></td></tr>`
  );
}

export const H2 = `margin:0 0 8px 0;font-size:17px;line-height:1.3;color:${INK};`;
export const SMALL = `font-size:12px;color:${MUTED};`;
export const HEAD_CELL = `padding:4px 6px;border-bottom:2px solid ${RULE_LINE};font-size:11px;color:${MUTED};text-align:left;text-transform:uppercase;`;
/** Many-row tables: padding from the table, no style per cell. */
export const COMPACT_TABLE = 'role="presentation" width="100%" cellpadding="4" cellspacing="0" border="0" style="font-size:12px;line-height:1.35;"';
/** Numbers and money never break inside ("1 007", "USD / 191.73") on a phone. */
export const NOWRAP = 'white-space:nowrap;';
export const MONO = 'font-family:Menlo,Consolas,monospace;';
/** A command to paste: wraps between words only; a single over-long word may break rather than widen the page. */
export const COMMAND = `display:block;margin:4px 0 0 0;padding:6px 8px;background:#f6f8fa;border:1px solid ${RULE_LINE};border-radius:3px;font-family:Menlo,Consolas,monospace;font-size:12px;line-height:1.5;color:${INK};overflow-wrap:break-word;`;

/** A rule id as a small tag. */
export function tag(text: string): string {
  return `<span style="border:1px solid ${RULE_LINE};padding:0 4px;white-space:nowrap;">${escapeHtml(text)}</span>`;
}
