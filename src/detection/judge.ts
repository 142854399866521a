// Replays detection day by day over the lookback and the window, so every
// day is judged against a baseline that excludes earlier days judged
// fraudulent (a critical finding): an attack never teaches the baseline that
// the next attack is normal.
import type { DetectionConfig } from '../config/detection.js';
import { blend, computeBaseline, typicalMetrics } from '../profiles/baseline.js';
import type { Baseline } from '../profiles/baseline.types.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { emptyProfile } from '../profiles/accumulator.js';
import { addDays, isoWeekday } from '../time/pbx-clock.js';
import { compareFindings, detectDay, prepareRules } from './detect.js';
import type { Finding, PbxDayCost } from './rule.js';
import { extensionDayKey, fromExtensionDayKey } from '../profiles/extension-day.js';

export interface JudgeInput {
  /** Every daily profile available: the lookback before the window and the window, grouped by extension or flat. */
  profiles: ReadonlyMap<string, readonly DailyProfile[]> | Iterable<DailyProfile>;
  /** The days to report findings for (inclusive). */
  window: { from: string; to: string };
  detection: DetectionConfig;
  /** Default detection.lookbackDays. */
  lookbackDays?: number;
  /** Countries each extension called before the profiles start (state store); an extension listed here existed before. */
  knownCountries?: ReadonlyMap<string, ReadonlySet<string>>;
  /** extensionDayKey(extension, day) judged fraudulent by earlier runs. */
  judgedFraudulent?: ReadonlySet<string>;
  exemptExtensions?: readonly string[];
  currency: string;
  intradayOnly?: boolean;
}

export interface JudgeResult {
  /** Findings on window days, most severe first. */
  findings: Finding[];
  /** Baselines of the extension-days with findings, keyed extensionDayKey(extension, day) (for charts). */
  baselines: Map<string, Baseline>;
  /** Every extensionDayKey(extension, day) judged fraudulent, earlier runs' included. */
  judgedFraudulent: Set<string>;
  /** Known countries per extension after the last day (fraudulent days taught nothing). */
  knownCountries: Map<string, ReadonlySet<string>>;
}

interface ExtensionState {
  byDay: Map<string, DailyProfile>;
  /** Index into the walked days from which its history is zero-filled. */
  firstIndex: number;
  known: ReadonlySet<string>;
  lastActive: string | null;
}

const NO_COUNTRIES: ReadonlySet<string> = new Set();

/** A day's cost over the whole PBX, without the extension-days judged fraudulent: an attack must not raise the PBX's cap. */
export function pbxDayCost(day: string, profiles: readonly DailyProfile[], fraudulent: (extension: string) => boolean): PbxDayCost {
  let cost = 0;
  for (const p of profiles) if (!fraudulent(p.extension)) cost += p.estimatedCost;
  return { day, cost: Math.round(cost * 100) / 100 };
}

function* flatten(profiles: JudgeInput['profiles']): Iterable<DailyProfile> {
  if (profiles instanceof Map) for (const list of profiles.values()) yield* list;
  else yield* profiles as Iterable<DailyProfile>;
}

export function judge(input: JudgeInput): JudgeResult {
  const lookback = input.lookbackDays ?? input.detection.lookbackDays;
  const coldStartDays = input.detection.coldStartDays;
  const rules = prepareRules(input.detection.rules);
  const exempt = new Set(input.exemptExtensions ?? []);
  const fraud = new Set(input.judgedFraudulent ?? []);
  // The same, by extension: the history loop asks per extension and day, and most extensions have none.
  const fraudDays = new Map<string, Set<string>>();
  const markFraud = (extension: string, day: string) => {
    let set = fraudDays.get(extension);
    if (!set) fraudDays.set(extension, (set = new Set()));
    set.add(day);
  };
  for (const key of fraud) {
    const { extension, day } = fromExtensionDayKey(key);
    markFraud(extension, day);
  }
  const knownBefore = input.knownCountries ?? new Map<string, ReadonlySet<string>>();

  let start = addDays(input.window.from, -lookback);
  const byDay = new Map<string, DailyProfile[]>();
  const states = new Map<string, ExtensionState>();
  for (const p of flatten(input.profiles)) {
    if (p.day > input.window.to) continue;
    if (p.day < start) start = p.day;
    let list = byDay.get(p.day);
    if (!list) byDay.set(p.day, (list = []));
    list.push(p);
    let s = states.get(p.extension);
    if (!s) states.set(p.extension, (s = { byDay: new Map(), firstIndex: -1, known: knownBefore.get(p.extension) ?? NO_COUNTRIES, lastActive: null }));
    if (s.byDay.has(p.day)) throw new Error(`judge: two profiles for extension ${p.extension} on ${p.day}`);
    s.byDay.set(p.day, p);
  }

  const days: string[] = [];
  for (let d = start; d <= input.window.to; d = addDays(d, 1)) days.push(d);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  // One shared zero-call profile per day: baselines read only its counts.
  const empties = days.map((d) => emptyProfile('', d, isoWeekday(d)));
  for (const [ext, s] of states) {
    let first = days.length;
    for (const d of s.byDay.keys()) first = Math.min(first, dayIndex.get(d)!);
    // Known to the store: it existed before the data, so its silent days count.
    s.firstIndex = knownBefore.has(ext) ? 0 : first;
  }

  const findings: Finding[] = [];
  const flaggedBaselines = new Map<string, Baseline>();
  // The PBX's cost per walked day once judged, fraudulent extension-days left out (PBX-wide rules' history).
  const pbxCost: (PbxDayCost | null)[] = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const todays = byDay.get(day) ?? [];
    const baselines = new Map<string, Baseline>();
    for (const p of todays) {
      if (exempt.has(p.extension)) continue;
      const s = states.get(p.extension)!;
      const history: DailyProfile[] = [];
      const skip = fraudDays.get(p.extension);
      for (let j = Math.max(s.firstIndex, i - lookback); j < i; j++) {
        const d = days[j]!;
        if (skip !== undefined && skip.has(d)) continue;
        history.push(s.byDay.get(d) ?? empties[j]!);
      }
      baselines.set(p.extension, computeBaseline({ extension: p.extension, day, history, coldStartDays, knownCountries: s.known, lastActiveDay: s.lastActive }));
    }
    const typical = typicalMetrics(baselines.values());
    if (typical) {
      for (const [ext, b] of baselines) {
        if (b.coldStart) baselines.set(ext, { ...b, metrics: blend(b.metrics, typical, coldStartDays > 0 ? b.activeDays / coldStartDays : 1) });
      }
    }

    const pbxHistory: PbxDayCost[] = [];
    for (let j = Math.max(0, i - lookback); j < i; j++) if (pbxCost[j]) pbxHistory.push(pbxCost[j]!);
    const dayFindings = detectDay({ day, profiles: todays, baselines, rules, exemptExtensions: exempt, currency: input.currency, intradayOnly: input.intradayOnly, pbxHistory, lookbackDays: lookback });
    for (const f of dayFindings) {
      if (f.severity === 'critical' && f.extension !== '*') {
        fraud.add(extensionDayKey(f.extension, day));
        markFraud(f.extension, day);
      }
    }
    pbxCost.push(todays.length === 0 ? null : pbxDayCost(day, todays, (ext) => fraudDays.get(ext)?.has(day) ?? false));
    for (const p of todays) {
      if (fraudDays.get(p.extension)?.has(day)) continue;
      const s = states.get(p.extension)!;
      if (p.outboundCalls > 0) s.lastActive = day;
      if (p.countries.some((c) => !s.known.has(c))) s.known = new Set([...s.known, ...p.countries]);
    }
    if (day >= input.window.from) {
      for (const f of dayFindings) {
        findings.push(f);
        const b = baselines.get(f.extension);
        if (b) flaggedBaselines.set(extensionDayKey(f.extension, day), b);
      }
    }
  }

  const knownCountries = new Map<string, ReadonlySet<string>>();
  for (const [ext, s] of states) knownCountries.set(ext, s.known);
  for (const [ext, set] of knownBefore) if (!knownCountries.has(ext)) knownCountries.set(ext, set);
  return { findings: findings.sort(compareFindings), baselines: flaggedBaselines, judgedFraudulent: fraud, knownCountries };
}
