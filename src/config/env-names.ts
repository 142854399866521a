// Environment variables that look like tollguard's but are not: a typo
// (SMPT_URL, PBX_TIMZONE) or an unknown TOLLGUARD_* name is ignored by the
// loader without a word, and the setting it meant silently keeps its default.
import { ENV_VARS } from './env-vars.js';

/** Read by the loader and the CLI themselves rather than mapped to a config key. */
export const READ_BY_LOADER = ['TOLLGUARD_CONFIG', 'TOLLGUARD_DEBUG', 'TOLLGUARD_HEAP_MB'];
/** Read by deploy/tollguard-env, which starts tollguard with the service's environment. */
export const READ_BY_WRAPPER = ['TOLLGUARD_ENV_FILE', 'TOLLGUARD_USER', 'TOLLGUARD_NODE'];

const KNOWN = [...ENV_VARS.map((v) => v.name), ...READ_BY_LOADER, ...READ_BY_WRAPPER];
const KNOWN_SET = new Set(KNOWN);
/** First words only tollguard's variables start with; an unknown name with one is probably meant for us. */
const OUR_PREFIXES = new Set(['TOLLGUARD', 'CDR', 'SMTP', 'AMI', 'LOCKOUT', 'ALERT', 'EMAIL', 'NIGHTLY', 'SWEEP', 'PBX']);

export interface StrayName {
  name: string;
  /** The known name closest by edit distance, when one is close enough to be meant. */
  suggestion: string | null;
  /** Otherwise the known names with the same first word (AMI_PASSWORD: AMI_HOST ... AMI_SECRET). */
  similar: string[];
  /** A typo of a known name or an unknown TOLLGUARD_* name (true), or only a familiar first word (false). */
  likelyOurs: boolean;
}

/** Names among `names` that look like tollguard's but are not, with the closest known name. */
export function strayNames(names: Iterable<string>, prefixes: ReadonlySet<string> = OUR_PREFIXES): StrayName[] {
  const out: StrayName[] = [];
  for (const name of names) {
    if (KNOWN_SET.has(name) || !/^[A-Z][A-Z0-9_]{2,}$/.test(name)) continue;
    const { known, distance } = closest(name);
    const typo = distance <= maxTypo(name);
    const first = name.split('_')[0]!;
    const ours = first === 'TOLLGUARD';
    if (!typo && !ours && !prefixes.has(first)) continue;
    const similar = typo ? [] : KNOWN.filter((k) => k.split('_')[0] === first);
    out.push({ name, suggestion: typo ? known : null, similar, likelyOurs: typo || ours });
  }
  return out;
}

/** "SMPT_URL: tollguard reads no such variable; did you mean SMTP_URL?" */
export function describeStray(s: StrayName, where: string): string {
  const hint = s.suggestion ? `; did you mean ${s.suggestion}?` : s.similar.length ? ` (similar: ${s.similar.join(', ')})` : '';
  return `${s.name}${where}: tollguard reads no such variable${hint}`;
}

/** Every first word of a known name: in .env, a file written for tollguard, any of them counts. */
export const KNOWN_PREFIXES: ReadonlySet<string> = new Set(KNOWN.map((n) => n.split('_')[0]!));

/** One or two edits for a name long enough that two edits still leave it recognisable. */
function maxTypo(name: string): number {
  return name.length >= 8 ? 2 : name.length >= 4 ? 1 : 0;
}

function closest(name: string): { known: string; distance: number } {
  let best = { known: KNOWN[0]!, distance: Infinity };
  for (const k of KNOWN) {
    const d = editDistance(name, k);
    if (d < best.distance) best = { known: k, distance: d };
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours (SMPT -> SMTP is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
