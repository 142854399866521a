// Why a password is weak, as rules an admin can check without seeing it:
// the same as the user name, containing it, one of the most common passwords,
// digits only, too short. Never returns or quotes the password itself.

export interface PasswordPolicy {
  minLength: number;
  common: ReadonlySet<string>;
}

export function weaknesses(password: string, users: readonly string[], policy: PasswordPolicy): string[] {
  const out: string[] = [];
  const p = password.toLowerCase();
  const names = [...new Set(users.map((u) => u.trim().toLowerCase()).filter(Boolean))];
  if (names.includes(p)) out.push('it is the same as the user name or extension');
  else if (names.some((n) => n.length >= 3 && p.includes(n))) out.push('it contains the user name or extension');
  if (policy.common.has(p)) out.push('it is one of the 10,000 most common passwords');
  if (/^\d+$/.test(password)) out.push('it is digits only');
  if ([...password].length < policy.minLength) out.push(`it is shorter than ${policy.minLength} characters`);
  return out;
}

/** The rules that make a password guessable in a handful of tries, not only weaker than it should be. */
export function trivial(rules: readonly string[]): boolean {
  return rules.some((r) => /same as the user name|most common|digits only/.test(r));
}
