// Words of a command tollguard prints for an admin to paste: a path with a space
// or a quote must survive the shell as one word.
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
