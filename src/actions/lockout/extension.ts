// An extension name comes from a CDR's channel field, which callers and
// attackers can shape. Before it becomes an AstDB key or part of a Hangup
// regex it is checked here, and its regex metacharacters are escaped.

const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * What an extension tollguard locks may be called: what Asterisk endpoint names are
 * in practice (pjsip.conf/iax.conf section names, SIP user parts: "1001", "alice.smith",
 * "1001-fax", "sales+1", "bob@branch"): letters, digits and _ . - + @ = ~, starting with
 * a letter, digit or _. No ";" (a comment in Asterisk's configuration, a command separator
 * in a shell), no space, quote, "$", "*" or control character.
 */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.+@=~-]*$/u;

/** Why `ext` cannot be an AstDB lock key (a lock set by hand or by an older version), or null. */
export function astdbKeyProblem(ext: string): string | null {
  if (ext === '' || ext === '*') return 'not an extension';
  if (ext.length > 80) return 'longer than 80 characters';
  if (CONTROL.test(ext)) return 'contains a control character';
  // "/" would write outside the lock family; ":" would make `database show` output ambiguous.
  if (/[/:]/.test(ext)) return 'contains "/" or ":"';
  if (ext.trim() !== ext) return 'starts or ends with a space';
  return null;
}

/** Why `ext` cannot be locked, or null when it can. */
export function extensionProblem(ext: string): string | null {
  const problem = astdbKeyProblem(ext);
  if (problem) return problem;
  if (!NAME.test(ext)) return 'not an endpoint name: letters, digits and _ . - + @ = ~ only, starting with a letter, digit or _';
  return null;
}

export class ExtensionNameError extends Error {
  override readonly name = 'ExtensionNameError';
}

export function assertExtension(ext: string): void {
  const problem = extensionProblem(ext);
  if (problem) throw new ExtensionNameError(`extension ${JSON.stringify(ext.slice(0, 80))} refused: ${problem}`);
}

/** Escapes POSIX extended regex metacharacters (Asterisk compiles Hangup's /regex/ with regcomp). */
export function escapeRegex(text: string): string {
  return text.replace(/[.[\]()*+?{}|^$\\/]/g, '\\$&');
}

/**
 * Hangup's `Channel: /regex/` for every live channel of the extension. The suffix is
 * the channel's own (PJSIP/SIP 8 hex digits, IAX2 decimal), not `.*`, so locking 1001
 * leaves endpoint 1001-fax's calls (PJSIP/1001-fax-0000002a) alone.
 */
export function channelRegex(ext: string): string {
  assertExtension(ext);
  return `/^(PJSIP|SIP|IAX2)\\/${escapeRegex(ext)}-[0-9a-f]+$/`;
}
