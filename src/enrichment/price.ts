// What a call cost: the rate deck's longest matching prefix, or a shipped
// per-class estimate when there is no deck or it does not cover the number.
import type { Destination, Price } from './call.js';

export interface Rate {
  /** E.164 digits without +. */
  prefix: string;
  description: string;
  ratePerMinute: number;
  /** Charged once on an answered call. */
  connectionFee: number;
  /** Seconds billed for the first increment and each one after it (60/60, 30/6, 1/1...). */
  firstIncrement: number;
  nextIncrement: number;
}

/** Billed seconds: 0 unanswered, the whole first increment, then whole next increments. 30/6 on 31 s -> 36 s. */
export function billedSeconds(billsec: number, first: number, next: number): number {
  if (!(billsec > 0)) return 0;
  if (billsec <= first) return first;
  const step = next > 0 ? next : 1;
  return first + Math.ceil((billsec - first) / step) * step;
}

/** Longest-prefix lookup on E.164 digits. */
export class PrefixTable<T> {
  private readonly byPrefix = new Map<string, T>();
  private maxLength = 0;

  set(prefix: string, value: T): void {
    this.byPrefix.set(prefix, value);
    if (prefix.length > this.maxLength) this.maxLength = prefix.length;
  }

  get size(): number {
    return this.byPrefix.size;
  }

  /** The value of the longest prefix of the digits (a leading + is ignored). */
  match(digits: string): T | null {
    const start = digits.charCodeAt(0) === 43 ? 1 : 0;
    for (let len = Math.min(this.maxLength, digits.length - start); len > 0; len--) {
      const hit = this.byPrefix.get(digits.slice(start, start + len));
      if (hit !== undefined) return hit;
    }
    return null;
  }
}

export class RateDeck extends PrefixTable<Rate> {
  constructor(rates: Iterable<Rate>) {
    super();
    for (const r of rates) this.set(r.prefix, r);
  }
}

/** Keys of the per-class estimates in data/estimated-rates.csv. */
export const ESTIMATE_CLASSES = [
  'national-fixed',
  'national-mobile',
  'national-premium-rate',
  'national-shared-cost',
  'national-personal',
  'toll-free',
  'emergency',
  'short-code',
  'invalid',
  'international-default',
  'international-premium-rate',
  'international-shared-cost',
  'international-high-risk',
] as const;
export type EstimateClass = (typeof ESTIMATE_CLASSES)[number];

export interface EstimatedRate {
  /** A class key or an E.164 prefix. */
  key: string;
  ratePerMinute: number;
  description: string;
}

/** Shipped estimates bill 60/60 with no connection fee: rough, and on the high side. */
export const ESTIMATE_INCREMENT = 60;

export class EstimatedRates {
  readonly byPrefix = new PrefixTable<EstimatedRate>();

  constructor(
    readonly byClass: Readonly<Record<EstimateClass, EstimatedRate>>,
    prefixes: Iterable<EstimatedRate>,
  ) {
    for (const p of prefixes) this.byPrefix.set(p.key, p);
  }

  /** The estimate for a destination no rate deck covers. */
  forDestination(d: Destination): EstimatedRate {
    const c = this.byClass;
    if (d.kind === 'emergency') return c.emergency;
    if (d.kind === 'short-code') return c['short-code'];
    if (d.kind === 'invalid' || (d.e164 === null && d.kind === 'international')) return c.invalid;
    if (d.numberClass === 'toll-free') return c['toll-free'];
    if (d.kind === 'national') {
      switch (d.numberClass) {
        case 'premium-rate':
          return c['national-premium-rate'];
        case 'shared-cost':
          return c['national-shared-cost'];
        case 'personal':
          return c['national-personal'];
        case 'mobile':
          return c['national-mobile'];
        default:
          return d.highRisk === null ? c['national-fixed'] : c['international-high-risk'];
      }
    }
    const byPrefix = d.e164 === null ? null : this.byPrefix.match(d.e164);
    const byClass =
      d.numberClass === 'premium-rate'
        ? c['international-premium-rate']
        : d.numberClass === 'shared-cost'
          ? c['international-shared-cost']
          : d.highRisk !== null
            ? c['international-high-risk']
            : c['international-default'];
    if (byPrefix === null) return byClass;
    // A country-wide figure must not hide a premium-rate number in that country.
    if ((d.numberClass === 'premium-rate' || d.numberClass === 'shared-cost') && byClass.ratePerMinute > byPrefix.ratePerMinute) return byClass;
    return byPrefix;
  }
}

interface Tariff {
  ratePerMinute: number;
  connectionFee: number;
  first: number;
  next: number;
  rateName: string;
  estimated: boolean;
  /** Prices by billed seconds: calls repeat durations, so a Price is built once and shared (frozen). */
  prices: Map<number, Price>;
}

const CACHE_LIMIT = 500_000;
/** Bound on the shared prices of all tariffs together; all are dropped when full. */
const PRICE_LIMIT = 200_000;

export type PriceCall = (destination: Destination, billsec: number) => Price;

/** Prices are shared between calls: callers must not modify them. */
export function createPricer(deck: RateDeck | null, estimates: EstimatedRates): PriceCall {
  const cache = new Map<Destination, Tariff>();
  // One tariff per deck rate or estimate, so its prices serve every number it covers.
  const tariffs = new Map<Rate | EstimatedRate, Tariff>();
  let prices = 0;
  const tariff = (source: Rate | EstimatedRate, make: () => Omit<Tariff, 'prices'>): Tariff => {
    let t = tariffs.get(source);
    if (t === undefined) tariffs.set(source, (t = { ...make(), prices: new Map() }));
    return t;
  };
  const tariffOf = (d: Destination): Tariff => {
    const rate = deck !== null && d.e164 !== null ? deck.match(d.e164) : null;
    if (rate !== null) {
      return tariff(rate, () => ({
        ratePerMinute: rate.ratePerMinute,
        connectionFee: rate.connectionFee,
        first: rate.firstIncrement,
        next: rate.nextIncrement,
        rateName: rate.description === '' ? `+${rate.prefix}` : rate.description,
        estimated: false,
      }));
    }
    const e = estimates.forDestination(d);
    return tariff(e, () => ({
      ratePerMinute: e.ratePerMinute,
      connectionFee: 0,
      first: ESTIMATE_INCREMENT,
      next: ESTIMATE_INCREMENT,
      rateName: `estimate: ${e.description}`,
      estimated: true,
    }));
  };

  return (d, billsec) => {
    // Keyed by the destination object: the resolver shares one per number, and
    // an identity lookup costs much less than hashing and comparing number strings.
    let t = cache.get(d);
    if (t === undefined) {
      t = tariffOf(d);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(d, t);
    }
    const billed = billedSeconds(billsec, t.first, t.next);
    let p = t.prices.get(billed);
    if (p === undefined) {
      if (++prices > PRICE_LIMIT) {
        for (const other of tariffs.values()) other.prices.clear();
        prices = 1;
      }
      const cost = billed === 0 ? 0 : roundMoney(t.connectionFee + (billed / 60) * t.ratePerMinute);
      p = Object.freeze({ cost, estimated: t.estimated, ratePerMinute: t.ratePerMinute, billedSeconds: billed, rateName: t.rateName });
      t.prices.set(billed, p);
    }
    return p;
  };
}

/** Micro-units: enough for per-second rates, and 0.1 + 0.2 stays 0.3. */
function roundMoney(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
