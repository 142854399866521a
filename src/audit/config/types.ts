// An Asterisk configuration file as Asterisk's own loader (main/config.c) sees
// it after #include, templates and (+): categories of name = value lines, each
// value keeping the file and line it was written on.

/** Where something was written: a path relative to the configuration folder (absolute when outside it) and a 1-based line. */
export interface Where {
  file: string;
  line: number;
}

export interface ConfigVar extends Where {
  /** As written (Asterisk modules compare names case-insensitively). */
  name: string;
  value: string;
  /** Written with "=>" rather than "=". */
  object: boolean;
  /** Copied from a template or base category; file and line are the template's. */
  inherited: boolean;
}

export interface Category extends Where {
  name: string;
  /** Defined with (!): a template, never an object of its own. */
  template: boolean;
  /** Templates and categories it inherits from, in order. */
  bases: string[];
  vars: ConfigVar[];
}

export type ProblemKind =
  | 'missing-include'
  | 'include-loop'
  | 'include-depth'
  | 'exec'
  | 'binary'
  | 'long-line'
  | 'too-large'
  | 'unreadable'
  | 'syntax'
  | 'comment';

/** Something Asterisk would warn about or refuse, found while reading. */
export interface ConfigProblem extends Where {
  kind: ProblemKind;
  message: string;
  /** Asterisk refuses to load the whole file (it keeps what it had, or starts without it). */
  fileRejected: boolean;
}

export interface ConfigFile {
  /** The top-level file's name, e.g. "pjsip.conf". */
  name: string;
  /** False when the file does not exist. */
  present: boolean;
  categories: Category[];
  problems: ConfigProblem[];
  /** Every file read for it, the top-level one first. */
  files: string[];
}

/** The last value of a variable: Asterisk modules apply a category's lines in order, so a later line wins. */
export function lastVar(cat: Category, name: string): ConfigVar | undefined {
  const n = name.toLowerCase();
  for (let i = cat.vars.length - 1; i >= 0; i--) if (cat.vars[i]!.name.toLowerCase() === n) return cat.vars[i];
  return undefined;
}

export function value(cat: Category, name: string): string | undefined {
  return lastVar(cat, name)?.value;
}

export function allVars(cat: Category, name: string): ConfigVar[] {
  const n = name.toLowerCase();
  return cat.vars.filter((v) => v.name.toLowerCase() === n);
}

/** Categories that are objects (templates are skipped, as Asterisk's modules skip them). */
export function objects(file: ConfigFile | undefined): Category[] {
  return file ? file.categories.filter((c) => !c.template) : [];
}

/** The first non-template category of that name (case-insensitive, as ast_category_get). */
export function category(file: ConfigFile | undefined, name: string): Category | undefined {
  const n = name.toLowerCase();
  return file?.categories.find((c) => !c.template && c.name.toLowerCase() === n);
}

/** Asterisk's ast_true: yes, true, y, t, 1, on. */
export function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|y|t|1|on)$/i.test(v.trim());
}

/** Asterisk's ast_false: no, false, n, f, 0, off. */
export function isFalse(v: string | undefined): boolean {
  return v !== undefined && /^(no|false|n|f|0|off)$/i.test(v.trim());
}
