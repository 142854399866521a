// What one dialplan priority can do to a call, read from its application and
// arguments as written: jump (Goto, GotoIf, GotoIfTime, Gosub, GosubIf,
// Macro), start a Local channel in another context (Dial(Local/x@ctx)),
// dial a trunk, hand the caller a dial tone (DISA), or something tollguard
// cannot follow (a context held in a variable, an AGI script).

export type ExtenRef = { kind: 'same' } | { kind: 'literal'; value: string } | { kind: 'expr'; expr: string };

export type Move =
  | {
      kind: 'jump';
      app: string;
      /** null: the same context. */
      context: string | null;
      exten: ExtenRef;
      /** Gosub/Macro: the CDR keeps the caller's context (cdr.c skips subroutines). */
      subroutine: boolean;
      /** Dial(Local/...): a new channel starts there. */
      newChannel: boolean;
    }
  | { kind: 'trunk'; app: string; target: string; number: ExtenRef }
  | { kind: 'disa'; context: string; password: boolean }
  | { kind: 'opaque'; app: string; what: string };

export interface DialEnv {
  globals: ReadonlyMap<string, string>;
  /** Peers known to be trunks (TRUNKS, endpoints identified by address...). */
  isTrunkPeer(name: string): boolean;
}

/** Splits on `sep` outside ${...}, $[...], (...), quotes and after a backslash, as ast_app_separate_args does after substitution. */
export function splitTop(s: string, sep: string, limit = Infinity): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') quote = !quote;
    else if (quote) continue;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0 && out.length < limit - 1) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** ${GLOBAL(X)} and ${X} for X in [globals], a few levels deep. */
export function substituteGlobals(s: string, globals: ReadonlyMap<string, string>): string {
  let out = s;
  for (let round = 0; round < 4 && out.includes('${'); round++) {
    const next = out.replace(/\$\{(?:GLOBAL\(([A-Za-z0-9_]+)\)|([A-Za-z0-9_]+))\}/g, (whole, g: string | undefined, v: string | undefined) => {
      const name = (g ?? v)!;
      if (!g && name === 'EXTEN') return whole;
      return globals.get(name) ?? whole;
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

function ref(text: string | undefined): ExtenRef {
  const t = (text ?? '').trim();
  if (t === '') return { kind: 'same' };
  return t.includes('$') ? { kind: 'expr', expr: t } : { kind: 'literal', value: t };
}

/** ast_parseable_goto: "[[context,]exten,]priority". */
function gotoTarget(app: string, label: string, subroutine: boolean): Move | null {
  const parts = splitTop(label.trim(), ',');
  if (parts.length === 1 && parts[0] === '') return null;
  if (parts.length < 2) return null; // a priority or label in the same extension
  const context = parts.length >= 3 ? parts[0]!.trim() : null;
  const exten = ref(parts.length >= 3 ? parts[1] : parts[0]);
  if (context !== null && context.includes('$')) return { kind: 'opaque', app, what: `a context named by a variable (${context})` };
  return { kind: 'jump', app, context: context || null, exten, subroutine, newChannel: false };
}

/** "cond?a:b" -> the two branches (either may be empty). */
function branches(data: string): string[] {
  const [, rest] = splitTop(data, '?', 2);
  if (rest === undefined) return [];
  return splitTop(rest, ':', 2);
}

/** Gosub's label is everything before the first "(" outside ${...} and $[...]. */
function gosubLabel(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '[')) {
      depth++;
      i++;
    } else if ((c === '}' || c === ']') && depth > 0) depth--;
    else if (c === '(' && depth === 0) return text.slice(0, i);
  }
  return text;
}

export function analysePriority(app: string, data: string, env: DialEnv): Move[] {
  const name = app.toLowerCase();
  switch (name) {
    case 'goto':
      return compact([gotoTarget(app, data, false)]);
    case 'gotoif':
    case 'gotoiftime':
      return compact(branches(data).map((b) => gotoTarget(app, b, false)));
    case 'gosub':
      return compact([gosub(app, gosubLabel(data))]);
    case 'gosubif':
      return compact(branches(data).map((b) => gosub(app, gosubLabel(b))));
    case 'macro':
    case 'macroexclusive': {
      const [macro, ...args] = splitTop(data, ',');
      const m = (macro ?? '').trim();
      if (!m) return [];
      if (m.includes('$')) return [{ kind: 'opaque', app, what: `a macro named by a variable (${m})` }];
      if (isFreePbxDialout(`macro-${m}`)) return [{ kind: 'trunk', app, target: `Macro(${m})`, number: ref(args[1]) }];
      return [{ kind: 'jump', app, context: `macro-${m}`, exten: { kind: 'literal', value: 's' }, subroutine: true, newChannel: false }];
    }
    case 'dial':
    case 'originate':
      return dial(app, data, env);
    case 'disa': {
      const args = splitTop(data, ',');
      const pass = (args[0] ?? '').trim();
      const context = (args[1] ?? '').trim() || 'disa';
      return [{ kind: 'disa', context, password: pass !== '' && pass.toLowerCase() !== 'no-password' }];
    }
    case 'execif':
    case 'execiftime':
      return branches(data).flatMap((b) => {
        const open = b.indexOf('(');
        const inner = open < 0 ? b : b.slice(0, open);
        const close = b.lastIndexOf(')');
        return inner.trim() ? analysePriority(inner.trim(), open < 0 ? '' : b.slice(open + 1, close < 0 ? undefined : close), env) : [];
      });
    case 'agi':
    case 'eagi':
    case 'deadagi':
    case 'fastagi':
      return [{ kind: 'opaque', app, what: 'an AGI script' }];
    default:
      return [];
  }
}

function gosub(app: string, label: string): Move | null {
  const parts = splitTop(label.trim(), ',');
  const context = parts.length >= 3 ? parts[0]!.trim() : null;
  if (context && isFreePbxDialout(context)) return { kind: 'trunk', app, target: `Gosub(${context})`, number: { kind: 'expr', expr: '${EXTEN}' } };
  const move = gotoTarget(app, label, true);
  return move;
}

/** FreePBX dials its trunks in these subroutines, with the trunk in a variable. */
export function isFreePbxDialout(context: string): boolean {
  return /^(macro|sub)-dialout-(trunk|dundi|enum)$/.test(context);
}

function compact(moves: (Move | null)[]): Move[] {
  return moves.filter((m): m is Move => m !== null);
}

function dial(app: string, data: string, env: DialEnv): Move[] {
  const first = splitTop(data, ',', 2)[0] ?? '';
  const moves: Move[] = [];
  for (const raw of splitTop(first, '&')) {
    const target = substituteGlobals(raw.trim(), env.globals);
    const m = dialTarget(app, target, env);
    if (m) moves.push(m);
  }
  return moves;
}

/**
 * One Dial target. A trunk dial names a number on a peer: TECH/peer/number
 * (SIP, IAX2, DAHDI groups), PJSIP/number@endpoint or PJSIP/endpoint/sip:uri,
 * SIP/number@peer, IAX2/user:secret@host/number; or any number on a peer known
 * to be a trunk. PJSIP/1001 or SIP/${EXTEN} (a phone) is not one.
 */
export function dialTarget(app: string, target: string, env: DialEnv): Move | null {
  const slash = target.indexOf('/');
  if (slash <= 0) return null;
  const tech = target.slice(0, slash);
  const resource = target.slice(slash + 1);
  const t = tech.toLowerCase();
  if (tech.includes('$')) return null;
  if (t === 'local') {
    const body = resource.split('/', 1)[0]!;
    const at = body.lastIndexOf('@');
    if (at < 0) return null;
    const context = body.slice(at + 1);
    if (context.includes('$')) return { kind: 'opaque', app, what: `a Local channel into a context named by a variable (${context})` };
    return { kind: 'jump', app, context, exten: ref(body.slice(0, at)), subroutine: false, newChannel: true };
  }
  const shown = `${tech}/${maskCredentials(resource)}`;
  const trunk = (number: string): Move => ({ kind: 'trunk', app, target: shown, number: ref(number) });
  if (t === 'pjsip') {
    const [head, ...uri] = resource.split('/');
    const at = head!.indexOf('@');
    if (at > 0) return trunk(head!.slice(0, at));
    if (uri.length) return trunk(uri.join('/').replace(/^sips?:/, '').replace(/@.*$/, ''));
    return null;
  }
  if (t === 'sip' || t === 'iax2' || t === 'dahdi' || t === 'zap') {
    const path = resource.indexOf('/');
    if (path > 0) return trunk(resource.slice(path + 1).replace(/@.*$/, ''));
    const at = resource.indexOf('@');
    if (at > 0 && (t === 'sip' || env.isTrunkPeer(resource.slice(at + 1)))) return trunk(resource.slice(0, at));
    return null;
  }
  return null;
}

/** "user:secret@host" -> "user:…@host": a dial string may carry a peer's password. */
export function maskCredentials(resource: string): string {
  return resource.replace(/^([^/@:]*):[^@/]*@/, '$1:…@');
}

/** A priority as shown in a finding: App(args), with passwords in Dial, DISA and Authenticate masked. */
export function showPriority(app: string, data: string): string {
  const a = app.toLowerCase();
  let d = data;
  if (a === 'dial' || a === 'originate') d = splitTop(data, '&').map((t) => { const s = t.indexOf('/'); return s < 0 ? t : `${t.slice(0, s + 1)}${maskCredentials(t.slice(s + 1))}`; }).join('&');
  if (a === 'disa' || a === 'authenticate' || a === 'vmauthenticate') {
    const [first, ...rest] = splitTop(data, ',');
    const f = (first ?? '').trim();
    if (f && f.toLowerCase() !== 'no-password' && !f.startsWith('/')) d = ['…', ...rest].join(',');
  }
  const text = `${app}(${d})`;
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
