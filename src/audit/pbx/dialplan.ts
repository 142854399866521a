// extensions.conf as pbx/pbx_config.c loads it: every category but [general]
// and [globals] is a context (categories of the same name are one context),
// "exten => name[/cid],priority[(label)],App(args)", "same =>" continuing the
// last extension of the category, priorities n, s, hint, numbers and labels
// with +offset, "include =>" and "switch =>".
import type { Category, ConfigFile, Where } from '../config/types.js';

export interface Priority extends Where {
  /** Number in the extension (hints are not kept). */
  priority: number;
  label: string | null;
  app: string;
  /** The arguments as written, variables unexpanded. */
  data: string;
}

export interface Extension extends Where {
  /** As written: "_X.", "s", "2125550104" (caller-ID match cut off). */
  name: string;
  priorities: Priority[];
}

export interface Context extends Where {
  name: string;
  extensions: Extension[];
  includes: (Where & { context: string })[];
  /** switch/lswitch/eswitch: the dialplan continues somewhere tollguard cannot read. */
  switches: (Where & { value: string })[];
}

export interface Dialplan {
  contexts: Map<string, Context>;
  /** [globals], for ${GLOBAL(X)} and ${X} in dial strings. */
  globals: Map<string, string>;
}

const NOT_CONTEXTS = new Set(['general', 'globals']);

export function buildDialplan(file: ConfigFile | undefined): Dialplan {
  const contexts = new Map<string, Context>();
  const globals = new Map<string, string>();
  for (const cat of file?.categories ?? []) {
    if (cat.template) continue;
    if (cat.name.toLowerCase() === 'globals') {
      for (const v of cat.vars) globals.set(v.name, v.value);
      continue;
    }
    if (NOT_CONTEXTS.has(cat.name.toLowerCase())) continue;
    let ctx = contexts.get(cat.name);
    if (!ctx) contexts.set(cat.name, (ctx = { name: cat.name, file: cat.file, line: cat.line, extensions: [], includes: [], switches: [] }));
    addCategory(ctx, cat);
  }
  return { contexts, globals };
}

function addCategory(ctx: Context, cat: Category): void {
  let lastExten = '';
  let lastPriority = -2;
  for (const v of cat.vars) {
    const name = v.name.toLowerCase();
    const where = { file: v.file, line: v.line };
    if (name === 'include') {
      // "include => context,timespec": the context is the part before the first comma or pipe.
      const context = v.value.split(/[,|]/, 1)[0]!.trim();
      if (context) ctx.includes.push({ ...where, context });
      continue;
    }
    if (name === 'switch' || name === 'lswitch' || name === 'eswitch') {
      ctx.switches.push({ ...where, value: v.value });
      continue;
    }
    let rest: string;
    if (name.startsWith('same')) {
      if (!lastExten) continue;
      rest = v.value;
    } else if (name === 'exten') {
      const [ext, after] = splitExten(v.value);
      lastExten = ext.split('/', 1)[0]!.trim();
      rest = after;
    } else continue;
    const comma = rest.indexOf(',');
    let pri = (comma < 0 ? rest : rest.slice(0, comma)).trim();
    const appPart = comma < 0 ? '' : rest.slice(comma + 1);
    let label: string | null = null;
    const paren = pri.indexOf('(');
    if (paren >= 0) {
      const close = pri.indexOf(')', paren);
      if (close < 0) continue;
      label = pri.slice(paren + 1, close);
      pri = pri.slice(0, paren);
    }
    let offset = 0;
    const plus = pri.indexOf('+');
    if (plus >= 0) {
      offset = Number.parseInt(pri.slice(plus + 1), 10) || 0;
      pri = pri.slice(0, plus);
    }
    let number: number;
    if (pri === 'hint') continue;
    if (pri === 'n' || pri === 'next') {
      if (lastPriority < -1) continue;
      number = lastPriority + 1;
    } else if (pri === 's' || pri === 'same') {
      if (lastPriority < -1) continue;
      number = lastPriority;
    } else if (/^\d+$/.test(pri)) {
      number = Number(pri);
    } else {
      const found = extension(ctx, lastExten)?.priorities.find((p) => p.label === pri);
      if (!found) continue;
      number = found.priority;
    }
    number += offset;
    if (number < 1) continue;
    lastPriority = number;
    const { app, data } = splitApp(appPart);
    let ext = extension(ctx, lastExten);
    if (!ext) addExtension(ctx, (ext = { name: lastExten, file: v.file, line: v.line, priorities: [] }));
    ext.priorities.push({ ...where, priority: number, label, app, data });
  }
  for (const e of ctx.extensions) e.priorities.sort((a, b) => a.priority - b.priority);
}

const index = new WeakMap<Context, Map<string, Extension>>();

function extension(ctx: Context, name: string): Extension | undefined {
  return index.get(ctx)?.get(name);
}

function addExtension(ctx: Context, ext: Extension): void {
  ctx.extensions.push(ext);
  let byName = index.get(ctx);
  if (!byName) index.set(ctx, (byName = new Map()));
  byName.set(ext.name, ext);
}

/** pbx_strsep on ",": a comma inside [...] (a pattern's character class) does not split; "\" escapes. */
function splitExten(value: string): [string, string] {
  let square = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '[') square++;
    else if (c === ']') square = Math.max(0, square - 1);
    else if (c === '\\') i++;
    else if (c === ',' && square === 0) return [value.slice(0, i), value.slice(i + 1)];
  }
  return [value, ''];
}

/** "App(args)" -> App and args (up to the last ")"); "App" alone has no args. */
export function splitApp(text: string): { app: string; data: string } {
  const open = text.indexOf('(');
  if (open < 0) return { app: text.trim(), data: '' };
  const app = text.slice(0, open);
  if (app.includes('${') || app.includes('$[')) return { app: text.trim(), data: '' };
  const inner = text.slice(open + 1);
  const close = inner.lastIndexOf(')');
  return { app: app.trim(), data: close < 0 ? inner : inner.slice(0, close) };
}
