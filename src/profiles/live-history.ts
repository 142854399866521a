// What the live rules compare calls in progress with: each extension's most
// extreme day of the lookback (from the daily profiles in the state store) and
// every country it has ever called. Days judged fraudulent teach nothing, as
// for the baselines. Pure.
import type { DailyProfile } from './daily-profile.js';
import { extensionDayKey } from './extension-day.js';

export interface LiveHistory {
  /** Days with outbound calls in the lookback. */
  activeDays: number;
  /** Most calls at once, and most international calls at once, on any day. */
  maxConcurrent: number;
  maxConcurrentInternational: number;
  /** Most calls dialled within 10 minutes on any day. */
  maxCallsIn10Min: number;
  /** Costliest day. */
  maxDayCost: number;
  /** Countries (ISO, or "+882" for networks) ever called, from the store. */
  knownCountries: ReadonlySet<string>;
}

export interface LiveHistories {
  byExtension: ReadonlyMap<string, LiveHistory>;
  /** The whole PBX's costliest day of the lookback. */
  pbxMaxDayCost: number;
}

const EMPTY: ReadonlySet<string> = new Set();

/** `fraudulent`: extensionDayKey()s of the days judged critical, left out. */
export function liveHistories(profiles: readonly DailyProfile[], knownCountries: ReadonlyMap<string, ReadonlySet<string>>, fraudulent: ReadonlySet<string> = new Set()): LiveHistories {
  const byExtension = new Map<string, LiveHistory & { knownCountries: ReadonlySet<string> }>();
  const pbxDays = new Map<string, number>();
  for (const p of profiles) {
    if (fraudulent.has(extensionDayKey(p.extension, p.day))) continue;
    pbxDays.set(p.day, (pbxDays.get(p.day) ?? 0) + p.estimatedCost);
    const h = byExtension.get(p.extension) ?? { activeDays: 0, maxConcurrent: 0, maxConcurrentInternational: 0, maxCallsIn10Min: 0, maxDayCost: 0, knownCountries: knownCountries.get(p.extension) ?? EMPTY };
    if (p.outboundCalls > 0) h.activeDays++;
    h.maxConcurrent = Math.max(h.maxConcurrent, p.peakConcurrent);
    h.maxConcurrentInternational = Math.max(h.maxConcurrentInternational, p.peakConcurrentInternational);
    h.maxCallsIn10Min = Math.max(h.maxCallsIn10Min, p.maxCallsIn10Min);
    h.maxDayCost = Math.max(h.maxDayCost, p.estimatedCost);
    byExtension.set(p.extension, h);
  }
  for (const [ext, countries] of knownCountries) {
    if (!byExtension.has(ext)) byExtension.set(ext, { activeDays: 0, maxConcurrent: 0, maxConcurrentInternational: 0, maxCallsIn10Min: 0, maxDayCost: 0, knownCountries: countries });
  }
  return { byExtension, pbxMaxDayCost: Math.max(0, ...pbxDays.values()) };
}

/** An extension the store knows nothing of. */
export const NO_HISTORY: LiveHistory = { activeDays: 0, maxConcurrent: 0, maxConcurrentInternational: 0, maxCallsIn10Min: 0, maxDayCost: 0, knownCountries: EMPTY };
