// The high-risk destination list in memory: longest-prefix match on E.164
// digits. Loading the CSV is src/reference/high-risk.ts.
import type { Severity } from '../detection/rule.js';

export const HIGH_RISK_CATEGORIES = [
  'satellite',
  'international-network',
  'premium',
  'irsf-country',
  'expensive',
  'caribbean-one-ring',
  'configured',
] as const;
export type HighRiskCategory = (typeof HIGH_RISK_CATEGORIES)[number];

export interface HighRiskEntry {
  /** E.164 digits without +, e.g. "88216". */
  prefix: string;
  name: string;
  category: HighRiskCategory;
  /** How loud a call to it should be on its own. */
  severity: Severity;
  source: string;
}

export class HighRiskList {
  private readonly byPrefix = new Map<string, HighRiskEntry>();
  private readonly maxLength: number;

  constructor(entries: Iterable<HighRiskEntry>) {
    let max = 0;
    for (const e of entries) {
      this.byPrefix.set(e.prefix, e);
      if (e.prefix.length > max) max = e.prefix.length;
    }
    this.maxLength = max;
  }

  get size(): number {
    return this.byPrefix.size;
  }

  entries(): IterableIterator<HighRiskEntry> {
    return this.byPrefix.values();
  }

  /** The entry with the longest prefix of the digits (a leading + is ignored), or null. */
  match(e164Digits: string): HighRiskEntry | null {
    const start = e164Digits.charCodeAt(0) === 43 ? 1 : 0;
    for (let len = Math.min(this.maxLength, e164Digits.length - start); len > 0; len--) {
      const hit = this.byPrefix.get(e164Digits.slice(start, start + len));
      if (hit !== undefined) return hit;
    }
    return null;
  }

  /** This list plus pricing.extraHighRisk prefixes; a listed prefix keeps its own entry. */
  withExtraPrefixes(prefixes: readonly string[]): HighRiskList {
    const extra: HighRiskEntry[] = [];
    for (const prefix of prefixes) {
      if (this.byPrefix.has(prefix)) continue;
      extra.push({
        prefix,
        name: `Configured high-risk prefix`,
        category: 'configured',
        severity: 'warning',
        source: 'pricing.extraHighRisk in the configuration',
      });
    }
    return new HighRiskList([...this.byPrefix.values(), ...extra]);
  }
}
