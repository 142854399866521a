// One configuration file's text as main/config.c reads it, line by line:
// ";" comments (not "\;"), ";-- --;" block comments (nested, across lines),
// [category](options) headers, #include/#tryinclude/#exec directives and
// name = value / name => value / name += value lines. Pure: text in,
// statements out. Categories are assembled by build.ts.

/** Asterisk reads lines with an 8192-byte buffer: a line longer than this is skipped. */
export const MAX_LINE_BYTES = 8190;
/** config.c's MAX_NESTED_COMMENTS. */
const MAX_NESTED_COMMENTS = 128;

export type Statement =
  | { kind: 'category'; line: number; name: string; options: string[] | null }
  | { kind: 'var'; line: number; name: string; value: string; op: '=' | '=>' | '+=' }
  | { kind: 'directive'; line: number; directive: string; arg: string | null };

export interface LineProblem {
  line: number;
  kind: 'syntax' | 'long-line' | 'comment';
  message: string;
  /** Asterisk gives up on the whole file. */
  fileRejected: boolean;
}

export interface ParsedText {
  statements: Statement[];
  problems: LineProblem[];
}

const SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const strip = (s: string) => s.replace(SPACE, '');

export function parseConfigText(text: string): ParsedText {
  const statements: Statement[] = [];
  const problems: LineProblem[] = [];
  let depth = 0;
  const nest: number[] = [];
  let strayEndReported = false;
  const lines = text.split('\n');
  // A final "\n" ends the last line rather than starting an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const lineno = i + 1;
    let raw = lines[i]!;
    if (Buffer.byteLength(raw, 'utf8') > MAX_LINE_BYTES) {
      problems.push({ line: lineno, kind: 'long-line', message: `line is longer than ${MAX_LINE_BYTES} bytes: Asterisk skips it`, fileRejected: false });
      continue;
    }
    if (lineno === 1 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
    const before = depth;
    const kept = stripComments(raw, lineno, { depth, nest, onTooDeep: () => problems.push({ line: lineno, kind: 'comment', message: `more than ${MAX_NESTED_COMMENTS} nested ;-- comments`, fileRejected: false }) });
    depth = kept.depth;
    if (depth < 0 && before >= 0 && !strayEndReported) {
      strayEndReported = true;
      problems.push({ line: lineno, kind: 'comment', message: 'a "--;" with no ";--" before it: Asterisk ignores every line after this one', fileRejected: false });
    }
    if (kept.text === null) continue;
    const body = strip(kept.text);
    if (body === '') continue;
    const s = statement(body, lineno, problems);
    if (s) statements.push(s);
  }
  if (depth > 0) problems.push({ line: nest[depth - 1] ?? lines.length, kind: 'comment', message: 'block comment ";--" is never closed with "--;": the rest of the file is a comment', fileRejected: false });
  return { statements, problems };
}

/**
 * The part of a line outside comments, following config.c's loop: "\;" is a
 * literal ";" (the backslash is dropped), ";--" opens a block comment unless
 * followed by a third "-", "--;" closes one, a plain ";" ends the line.
 * Returns null when the line starts inside a block comment that never closes on it.
 */
function stripComments(line: string, _lineno: number, state: { depth: number; nest: number[]; onTooDeep: () => void }): { text: string | null; depth: number } {
  let depth = state.depth;
  // NUL marks where config.c writes '\0' into its buffer (a loaded file never holds one: binary files are refused).
  let buf = line;
  let newBuf = 0;
  let processBuf: number | null = depth ? null : 0;
  for (;;) {
    const nul = buf.indexOf('\0', newBuf);
    const limit = nul < 0 ? buf.length : nul;
    const p = buf.indexOf(';', newBuf);
    if (p < 0 || p >= limit) break;
    if (p > newBuf && buf[p - 1] === '\\') {
      buf = buf.slice(0, p - 1) + buf.slice(p);
      newBuf = p;
    } else if (buf[p + 1] === '-' && buf[p + 2] === '-' && buf[p + 3] !== '-') {
      if (depth < MAX_NESTED_COMMENTS) {
        buf = `${buf.slice(0, p)}\0${buf.slice(p + 1)}`;
        newBuf = p + 3;
        depth++;
        state.nest[depth - 1] = _lineno;
      } else {
        state.onTooDeep();
        newBuf = p + 1;
      }
    } else if (p >= newBuf + 2 && buf[p - 1] === '-' && buf[p - 2] === '-') {
      depth--;
      newBuf = p + 1;
      if (depth === 0) {
        if (processBuf !== null) {
          const end = buf.indexOf('\0', processBuf);
          const oldptr = end < 0 ? buf.length : end;
          buf = buf.slice(0, oldptr) + buf.slice(newBuf);
          newBuf = oldptr;
        } else {
          processBuf = newBuf;
        }
      }
    } else if (depth === 0) {
      buf = `${buf.slice(0, p)}\0`;
      newBuf = p;
    } else {
      newBuf = p + 1;
    }
  }
  if (processBuf === null) return { text: null, depth };
  const end = buf.indexOf('\0', processBuf);
  return { text: buf.slice(processBuf, end < 0 ? buf.length : end), depth };
}

/** config.c's process_text_line, up to what needs the categories read so far. */
function statement(cur: string, line: number, problems: LineProblem[]): Statement | null {
  if (cur[0] === '[') {
    const close = cur.indexOf(']');
    if (close < 0) {
      problems.push({ line, kind: 'syntax', message: 'category header without its closing "]"', fileRejected: true });
      return null;
    }
    const name = cur.slice(1, close);
    // Options count only when "(" follows "]" at once: "[a] (!)" has none.
    if (cur[close + 1] !== '(') return { kind: 'category', line, name, options: null };
    const rest = cur.slice(close + 2);
    const end = rest.indexOf(')');
    if (end < 0) {
      problems.push({ line, kind: 'syntax', message: 'category options without their closing ")"', fileRejected: true });
      return null;
    }
    return { kind: 'category', line, name, options: rest.slice(0, end).split(',') };
  }
  if (cur[0] === '#') {
    const m = /^#([^\x00-\x20]*)(?:[\x00-\x20]+(.*))?$/s.exec(cur)!;
    let arg = m[2] === undefined ? null : strip(m[2]) || null;
    if (arg && (arg[0] === '"' || arg[0] === '<')) {
      const q = arg[0] === '<' ? '>' : '"';
      if (arg.length > 1 && arg.endsWith(q)) arg = arg.slice(1, -1);
    }
    return { kind: 'directive', line, directive: m[1]!.toLowerCase(), arg };
  }
  let body = cur;
  const escaped = body[0] === '\\';
  if (escaped) {
    if (body.length < 2 || body.charCodeAt(1) < 33) {
      problems.push({ line, kind: 'syntax', message: 'invalid escape at the start of the line', fileRejected: true });
      return null;
    }
    body = body.slice(1);
  }
  const at = body.indexOf('=', escaped ? 1 : 0);
  if (at < 0) {
    problems.push({ line, kind: 'syntax', message: 'no "=" on the line: Asterisk ignores it', fileRejected: false });
    return null;
  }
  if (at > (escaped ? 1 : 0) && body[at - 1] === '+') {
    const name = strip(body.slice(0, at - 1));
    return nameOrProblem(name, line, problems) ? { kind: 'var', line, name, value: strip(body.slice(at + 1)), op: '+=' } : null;
  }
  const object = body[at + 1] === '>';
  const name = strip(body.slice(0, at));
  if (!nameOrProblem(name, line, problems)) return null;
  return { kind: 'var', line, name, value: strip(body.slice(at + (object ? 2 : 1))), op: object ? '=>' : '=' };
}

function nameOrProblem(name: string, line: number, problems: LineProblem[]): boolean {
  if (name !== '') return true;
  problems.push({ line, kind: 'syntax', message: 'no variable name before "=": Asterisk ignores the line', fileRejected: false });
  return false;
}
