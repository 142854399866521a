// Escaping for everything a CDR carries into a report. Caller ID names, dialled
// digits, userfields and channel names are chosen by whoever places the call,
// so they are treated as hostile in every output: HTML, CSV, terminal, mail subject.

/**
 * C0 controls except TAB/LF/CR, DEL, C1 controls, and the Unicode bidi overrides
 * and isolates that can make a caller ID read backwards ("Trojan Source").
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** The same plus TAB, LF, CR, U+2028/U+2029: anything that breaks or steers a single line. */
const LINE_BREAKING = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]+/g;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const HTML_SPECIAL = /[&<>"']/g;

/**
 * Text safe inside an HTML element or a double- or single-quoted attribute.
 * Control characters become U+FFFD rather than vanishing, so an admin can see
 * that a caller ID carried something odd.
 */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(CONTROL, '\uFFFD')
    .replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c]!);
}

/** A bare number, including a signed one and an E.164 number such as +88216123456. */
const BARE_NUMBER = /^[+-]?\d+(\.\d+)?$/;
/** First characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[\s\u0000-\u001F]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;
/** CONTROL plus CR: a CR alone returns a terminal's cursor to the line start, so the rest overwrites it. */
const CSV_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * One RFC 4180 field. Strings a spreadsheet would run as a formula (= + - @,
 * TAB or CR first, also after leading blanks, and their full-width forms) get a
 * leading apostrophe, the OWASP advice. Bare numbers are left alone, including
 * E.164 numbers like +88216123456 and signed values like -3: digits alone cannot
 * call a function, and a machine reading the CSV back must get the number as
 * it was. Fields are quoted when they hold a quote, comma, semicolon (the list
 * separator in many spreadsheet locales), a line break or edge whitespace.
 * Control characters and bidi overrides become U+FFFD. A line break in a field
 * stays, quoted, as a bare LF: CR LF becomes LF and a lone CR becomes U+FFFD,
 * since a CR printed on a terminal moves the cursor back over the row.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // A CSV lands on terminals too (--format csv to standard output): controls become U+FFFD, as in HTML.
  let s = value.replace(/\r\n/g, '\n').replace(CSV_CONTROL, '\uFFFD');
  if (FORMULA_START.test(s) && !BARE_NUMBER.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Digits a spreadsheet would turn into a number: 011882373925276, +88216123456, 1764051325.123. */
const NUMBER_LIKE = /^\+?\d+(\.\d+)?$/;

/**
 * A CSV field that must stay text in a spreadsheet: a dialled number, an
 * extension, a uniqueid. Digits alone are written as ="011882373925276", the
 * form Excel, LibreOffice and Google Sheets read as text (leading zeros and
 * the + kept, no rounding to 15 digits); it is the only formula tollguard
 * writes, and only around digits. Anything else goes through csvCell.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return NUMBER_LIKE.test(value) ? `"=""${value}"""` : csvCell(value);
}

/**
 * Bounded single-line text (mail subjects, terminal lines): line breaks,
 * control characters and bidi overrides become a space, runs of blanks
 * collapse, and text longer than `max` code points ends in an ellipsis.
 */
export function oneLine(value: string | number | null | undefined, max = Infinity): string {
  if (value === null || value === undefined) return '';
  const s = String(value).replace(LINE_BREAKING, ' ').replace(/ {2,}/g, ' ').trim();
  if (s.length <= max) return s; // code units >= code points, so this is exact when it passes
  const points = Array.from(s);
  if (points.length <= max) return s;
  if (max <= 0) return '';
  return `${points.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The same minus LF: anything that steers a terminal line. */
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text for a terminal or a log that may span lines (errors, warnings, lockout
 * decisions): every control character but LF, CR included, and the bidi
 * overrides become a space, as oneLine makes them; LF and indentation stay.
 */
export function terminalText(value: string): string {
  return value.replace(TERMINAL_UNSAFE, ' ');
}

/** What JSON.stringify leaves raw that a terminal may still obey: DEL, C1 controls, line separators, bidi overrides. */
const JSON_RAW_UNSAFE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** One JSON log line (a job's log, read with tail or journalctl): the same data, every control character escaped. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(JSON_RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
