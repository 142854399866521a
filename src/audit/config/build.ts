// Categories assembled from statements in reading order, as config.c does:
// (!) marks a template, (+) adds to the first non-template category of that
// name, any other option names a category or template whose lines are copied
// in first (as they stand at that moment), and "+=" appends to the last value
// of that name. A file's current category carries on into the files it includes.
import type { Statement } from './parse.js';
import type { Category, ConfigProblem, ConfigVar } from './types.js';

export class CategoryBuilder {
  readonly categories: Category[] = [];
  readonly problems: ConfigProblem[] = [];
  private current: Category | null = null;
  private orphanReported = new Set<string>();

  add(s: Exclude<Statement, { kind: 'directive' }>, file: string): void {
    if (s.kind === 'category') this.category(s, file);
    else this.variable(s, file);
  }

  private reject(file: string, line: number, message: string): void {
    this.problems.push({ file, line, kind: 'syntax', message, fileRejected: true });
  }

  private category(s: Extract<Statement, { kind: 'category' }>, file: string): void {
    const fresh: Category = { name: s.name, file, line: s.line, template: false, bases: [], vars: [] };
    let target: Category | null = fresh;
    let appended = false;
    for (const option of s.options ?? []) {
      if (option === '!') {
        fresh.template = true;
      } else if (option[0] === '+') {
        const existing = this.find(s.name, false);
        if (!existing) {
          this.reject(file, s.line, `[${s.name}](+) adds to a category that does not exist yet`);
          this.current = fresh; // its lines go nowhere, as the file is refused anyway
          return;
        }
        existing.template ||= fresh.template;
        existing.vars.push(...fresh.vars);
        target = existing;
        appended = true;
      } else {
        const base = this.find(option, true);
        if (!base) {
          this.reject(file, s.line, `[${s.name}] inherits from "${option}", which is not defined before it`);
          this.current = fresh;
          return;
        }
        target.bases.push(base.name);
        target.vars.push(...base.vars.map((v) => ({ ...v, inherited: true })));
      }
    }
    if (!appended) this.categories.push(fresh);
    this.current = target;
  }

  private variable(s: Extract<Statement, { kind: 'var' }>, file: string): void {
    const cat = this.current;
    if (!cat) {
      if (!this.orphanReported.has(file)) this.reject(file, s.line, 'a setting before any [category]');
      this.orphanReported.add(file);
      return;
    }
    if (s.op === '+=') {
      for (let i = cat.vars.length - 1; i >= 0; i--) {
        const v = cat.vars[i]!;
        if (v.name !== s.name) continue;
        cat.vars[i] = { ...v, value: `${v.value}${s.value}`.trimEnd().replace(/^[ \t]+/, ''), file, line: s.line, inherited: false };
        return;
      }
    }
    const v: ConfigVar = { name: s.name, value: s.value, object: s.op === '=>', inherited: false, file, line: s.line };
    cat.vars.push(v);
  }

  /** config.c's category_get_sep: the first category of that name (case-insensitive); templates only when asked. */
  private find(name: string, templatesToo: boolean): Category | undefined {
    const n = name.toLowerCase();
    return this.categories.find((c) => c.name.toLowerCase() === n && (templatesToo || !c.template));
  }
}
