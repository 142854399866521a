// Where a call that starts in one context can go: through include =>, Goto,
// GotoIf, Gosub, Macro, Dial(Local/...@ctx) and DISA, until a Dial reaches a
// trunk. Breadth first, so the path kept to each trunk Dial is a shortest one.
// A state is (context, what was dialled): "anything the caller likes" (a
// pattern such as _X.), a fixed number (a literal extension, Goto(ctx,123,1),
// Local/0115...@ctx) or an expression tollguard cannot evaluate.
import type { Where } from '../config/types.js';
import { analysePriority, showPriority, type DialEnv, type ExtenRef, type Move } from './apps.js';
import type { Context, Dialplan, Extension, Priority } from './dialplan.js';
import { isPattern, matches, mostSpecific } from './pattern.js';

/** patterns: the extension patterns the caller's digits matched on the way (all of them apply). */
export type Dialled = { kind: 'any'; patterns: string[] } | { kind: 'fixed'; value: string } | { kind: 'unknown'; expr: string };

export interface Step extends Where {
  text: string;
}

export interface TrunkHit {
  /** The number that reaches the trunk. */
  dialled: Dialled;
  /** The Dial target as shown (credentials masked). */
  target: string;
  /** The Dial priority. */
  where: Where;
  /** The context the Dial runs in, and the dcontext its CDR gets (subroutines do not change it). */
  context: string;
  dcontext: string;
  /** A tollguard lock check ran before the Dial on this path. */
  lockChecked: boolean;
  /** From the start context to the Dial, one step per include, jump and the Dial itself. */
  path: Step[];
}

export interface WalkResult {
  hits: TrunkHit[];
  /** Jumps tollguard could not follow (a context in a variable, AGI), on the way. */
  opaque: Step[];
  /** The walk stopped at its state limit before it was done. */
  truncated: boolean;
}

export interface WalkEnv extends DialEnv {
  /** A priority that checks tollguard's AstDB lock (DB_EXISTS(family/...)). */
  isLockCheck(p: Priority): boolean;
  /** States visited before the walk gives up (MAX_STATES). */
  maxStates?: number;
}

interface Node {
  context: string;
  dialled: Dialled;
  dcontext: string;
  locked: boolean;
  parent: Node | null;
  step: Step | null;
}

export const MAX_STATES = 100_000;

const movesCache = new WeakMap<Priority, Move[]>();

export function walk(dp: Dialplan, start: string, env: WalkEnv, dialled: Dialled = { kind: 'any', patterns: [] }): WalkResult {
  const result: WalkResult = { hits: [], opaque: [], truncated: false };
  const seen = new Set<string>();
  const hitKeys = new Set<string>();
  const queue: Node[] = [];
  const limit = env.maxStates ?? MAX_STATES;
  const push = (n: Node) => {
    const key = `${n.context}\0${keyOf(n.dialled)}\0${n.locked ? 1 : 0}`;
    if (seen.has(key)) return;
    if (seen.size >= limit) {
      result.truncated = true;
      return;
    }
    seen.add(key);
    queue.push(n);
  };
  push({ context: start, dialled, dcontext: start, locked: false, parent: null, step: null });
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi]!;
    const ctx = dp.contexts.get(node.context);
    if (!ctx) continue;
    const exts = candidates(ctx, node.dialled);
    for (const ext of exts) {
      const here = dialledIn(ext, node.dialled);
      let locked = node.locked;
      for (const p of ext.priorities) {
        if (!locked && env.isLockCheck(p)) locked = true;
        let moves = movesCache.get(p);
        if (!moves) movesCache.set(p, (moves = analysePriority(p.app, p.data, env)));
        if (moves.length === 0) continue;
        const step: Step = { file: p.file, line: p.line, text: `[${ctx.name}] exten ${ext.name}, priority ${p.priority}: ${showPriority(p.app, p.data)}` };
        for (const m of moves) {
          if (m.kind === 'opaque') {
            result.opaque.push({ ...step, text: `${step.text} (${m.what}: not followed)` });
          } else if (m.kind === 'trunk') {
            const number = resolve(m.number, here);
            const key = `${p.file}:${p.line}:${p.priority}:${number.kind}:${locked ? 1 : 0}`;
            if (hitKeys.has(key)) continue;
            hitKeys.add(key);
            result.hits.push({ dialled: number, target: m.target, where: { file: p.file, line: p.line }, context: ctx.name, dcontext: node.dcontext, lockChecked: locked, path: [...pathOf(node), step] });
          } else if (m.kind === 'disa') {
            if (!m.password) push({ context: m.context, dialled: { kind: 'any', patterns: [] }, dcontext: m.context, locked, parent: node, step });
          } else {
            if (m.context === null && m.exten.kind === 'same') continue;
            const context = m.context ?? ctx.name;
            push({ context, dialled: resolve(m.exten, here), dcontext: m.subroutine ? node.dcontext : context, locked, parent: node, step });
          }
        }
      }
    }
    // Asterisk looks in the includes only when the context itself has no match.
    if (node.dialled.kind === 'fixed' && exts.length > 0) continue;
    for (const inc of ctx.includes) {
      push({ context: inc.context, dialled: node.dialled, dcontext: node.dcontext, locked: node.locked, parent: node, step: { file: inc.file, line: inc.line, text: `[${ctx.name}] include => ${inc.context}` } });
    }
  }
  return result;
}

function keyOf(d: Dialled): string {
  return d.kind === 'fixed' ? `f:${d.value}` : d.kind;
}

function pathOf(node: Node): Step[] {
  const steps: Step[] = [];
  for (let n: Node | null = node; n; n = n.parent) if (n.step) steps.push(n.step);
  return steps.reverse();
}

function candidates(ctx: Context, d: Dialled): Extension[] {
  if (d.kind !== 'fixed') return ctx.extensions;
  const exact = ctx.extensions.filter((e) => e.name === d.value);
  if (exact.length) return exact;
  const best = mostSpecific(ctx.extensions.filter((e) => isPattern(e.name) && matches(e.name, d.value)));
  return best ? [best] : [];
}

/** What ${EXTEN} is inside this extension. */
function dialledIn(ext: Extension, d: Dialled): Dialled {
  if (d.kind !== 'any') return d;
  if (!isPattern(ext.name)) return { kind: 'fixed', value: ext.name };
  return d.patterns.includes(ext.name) ? d : { kind: 'any', patterns: [...d.patterns, ext.name] };
}

/** An extension or number reference evaluated against ${EXTEN}; ${EXTEN:offset:length} too. */
export function resolve(ref: ExtenRef, exten: Dialled): Dialled {
  if (ref.kind === 'same') return exten;
  if (ref.kind === 'literal') return { kind: 'fixed', value: ref.value };
  const expr = ref.expr;
  if (!/\$\{EXTEN[:}]/.test(expr)) return { kind: 'unknown', expr };
  if (exten.kind !== 'fixed') return exten.kind === 'any' ? exten : { kind: 'unknown', expr };
  const out = expr.replace(/\$\{EXTEN(?::(-?\d+)(?::(-?\d+))?)?\}/g, (_w, o?: string, l?: string) => substring(exten.value, o, l));
  return out.includes('$') ? { kind: 'unknown', expr } : { kind: 'fixed', value: out };
}

/** Asterisk's ${VAR:offset:length}: a negative offset counts from the end, a negative length leaves that many off the end. */
function substring(s: string, offset?: string, length?: string): string {
  let start = offset === undefined ? 0 : Number(offset);
  if (start < 0) start = Math.max(0, s.length + start);
  const rest = s.slice(start);
  if (length === undefined) return rest;
  const n = Number(length);
  return n < 0 ? rest.slice(0, Math.max(0, rest.length + n)) : rest.slice(0, n);
}
