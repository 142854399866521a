// Words shared by the checks: where a setting is, the path a call takes, what
// number reaches the trunk. Names from the configuration are cleaned of
// control characters and cut short; secrets never reach here.
import { clean } from '../../detection/explain.js';
import type { Where } from '../config/types.js';
import type { Pbx } from '../pbx/model.js';
import type { Dialled, Step, TrunkHit } from '../pbx/walk.js';

export { clean, sentences } from '../../detection/explain.js';

export function at(w: Where): string {
  return w.line > 0 ? `${w.file}:${w.line}` : w.file;
}

/** A name from the configuration, quoted and cleaned. */
export function q(name: string, max = 60): string {
  return `"${clean(name, max)}"`;
}

export function describePath(path: readonly Step[]): string {
  return path.map((s, i) => `(${i + 1}) ${clean(s.text, 200)} at ${at(s)}`).join(' → ');
}

export function describeNumber(d: Dialled): string {
  if (d.kind === 'fixed') return `the fixed number ${clean(d.value, 40)}`;
  if (d.kind === 'unknown') return `a number built from ${clean(d.expr, 60)}`;
  return d.patterns.length ? `any number the caller dials that matches ${d.patterns.map((p) => clean(p, 40)).join(' and ')}` : 'any number the caller dials';
}

/** The caller decides the digits that reach the trunk (not a fixed forward). */
export function callerChooses(d: Dialled): boolean {
  return d.kind !== 'fixed';
}

/** The most telling way from a context to a trunk: caller-chosen numbers first, then the shortest path. */
export function worstHit(pbx: Pbx, context: string): TrunkHit | null {
  const hits = pbx.walkFrom(context).hits.filter((h) => !(h.dialled.kind === 'fixed' && pbx.isEmergency(h.dialled.value)));
  if (hits.length === 0) return null;
  return [...hits].sort((a, b) => Number(callerChooses(b.dialled)) - Number(callerChooses(a.dialled)) || a.path.length - b.path.length)[0]!;
}

/** "... its calls start in context X, from where any number reaches a trunk: path" (or that none does). */
export function reachSentence(pbx: Pbx, context: string): { sentence: string; hit: TrunkHit | null } {
  const hit = worstHit(pbx, context);
  if (!pbx.dialplan.contexts.has(context)) return { sentence: `Its calls start in context ${q(context)}, which extensions.conf does not define (calls there fail today, but one added context would open the door)`, hit: null };
  if (!hit) return { sentence: `Its calls start in context ${q(context)}, from which tollguard found no way to a trunk`, hit: null };
  return { sentence: `Its calls start in context ${q(context)}, from which ${describeNumber(hit.dialled)} reaches a trunk: ${describePath(hit.path)}`, hit };
}
