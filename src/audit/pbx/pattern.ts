// Asterisk extension patterns (main/pbx.c): a name starting with "_" is a
// pattern where X is 0-9, Z is 1-9, N is 2-9, [..] a set with ranges, "." one
// or more of anything and "!" zero or more; other characters stand for
// themselves. Dashes are ignored in patterns ("_1-800-NXX" = "_1800NXX").

const cache = new Map<string, RegExp | null>();

function compile(name: string): RegExp | null {
  if (!name.startsWith('_')) return null;
  let re = '';
  const p = name.slice(1);
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const u = c.toUpperCase();
    if (c === '-') continue;
    if (u === 'X') re += '[0-9]';
    else if (u === 'Z') re += '[1-9]';
    else if (u === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      const set = p.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&');
      re += set === '' ? '(?!)' : `[${set}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Does the extension name (literal or pattern) match the dialled string? */
export function matches(name: string, dialled: string): boolean {
  if (!name.startsWith('_')) return name === dialled;
  let re = cache.get(name);
  if (re === undefined) {
    if (cache.size > 10_000) cache.clear();
    cache.set(name, (re = compile(name)));
  }
  return re !== null && re.test(dialled.replace(/-/g, ''));
}

export function isPattern(name: string): boolean {
  return name.startsWith('_');
}

/** How many characters each position of a pattern admits, as pbx.c's ext_cmp_pattern weighs them ("." and "!" admit the most). */
function weights(name: string): number[] {
  const out: number[] = [];
  const p = name.slice(1);
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const u = c.toUpperCase();
    if (c === '-') continue;
    if (u === 'X') out.push(10);
    else if (u === 'Z') out.push(9);
    else if (u === 'N') out.push(8);
    else if (c === '.') out.push(1000);
    else if (c === '!') out.push(1001);
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) {
        out.push(1);
        continue;
      }
      const set = p.slice(i + 1, end);
      let n = 0;
      for (let k = 0; k < set.length; k++) {
        if (set[k + 1] === '-' && k + 2 < set.length) {
          n += Math.abs(set.charCodeAt(k + 2) - set.charCodeAt(k)) + 1;
          k += 2;
        } else n++;
      }
      out.push(Math.max(1, n));
      i = end;
    } else out.push(1);
  }
  return out;
}

/** Asterisk's choice among patterns that all match: the most specific one (fewest characters admitted, position by position). */
export function mostSpecific<T extends { name: string }>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestW: number[] = [];
  for (const c of candidates) {
    const w = weights(c.name);
    if (!best || compareWeights(w, bestW) < 0) {
      best = c;
      bestW = w;
    }
  }
  return best;
}

function compareWeights(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
