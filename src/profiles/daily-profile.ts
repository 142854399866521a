// One extension's outbound calling on one local day: the unit baselines learn
// from and rules judge. Calls no extension made (a trunk's hairpin, a
// forward) get profiles of their own, under their Caller's key.
import type { Caller } from '../enrichment/call.js';
import type { CallSpans } from './call-scope.js';

export interface DestinationSummary {
  e164: string | null;
  dialled: string;
  label: string;
  country: string | null;
  numberClass: string;
  highRisk: string | null;
  premium: boolean;
  calls: number;
  answered: number;
  billsec: number;
  cost: number;
}

/** International calls of a day grouped by country (or non-geographic code such as +882). */
export interface CountrySummary {
  /** ISO country, or "+882". */
  key: string;
  label: string;
  calls: number;
  answered: number;
  cost: number;
  highRisk: boolean;
}

export interface CallExample {
  time: string;
  dialled: string;
  e164: string | null;
  label: string;
  disposition: string;
  billsec: number;
  cost: number;
  clid: string;
  origin: string;
}

/** Who made a profile's calls when no extension did, and how many of them went abroad or to premium numbers. */
export interface ProfileCaller extends Caller {
  /** Calls to international, premium-rate or high-risk destinations. */
  riskyCalls: number;
  /** Of those, forwards the admin allowed (ALLOWED_FORWARDS). */
  allowedCalls: number;
}

export interface DailyProfile {
  /** The extension, or the key of the Caller below ("trunk:pstn-in@from-trunk"). */
  extension: string;
  /** Set only when no extension made these calls. */
  caller?: ProfileCaller;
  day: string;
  weekday: number;
  accountcodes: string[];
  outboundCalls: number;
  answeredCalls: number;
  failedCalls: number;
  billsec: number;
  internationalCalls: number;
  internationalAnswered: number;
  failedInternational: number;
  premiumCalls: number;
  highRiskCalls: number;
  highRiskAnswered: number;
  distinctNumbers: number;
  /** Countries (ISO) and non-geographic codes ("+882") of the day's INTERNATIONAL calls, sorted; the home country is not listed. */
  countries: string[];
  estimatedCost: number;
  /** True when any call's cost came from an estimate rather than the rate deck. */
  costEstimated: boolean;
  afterHoursCalls: number;
  afterHoursInternational: number;
  peakConcurrent: number;
  peakConcurrentInternational: number;
  maxCallsIn10Min: number;
  longestSequentialRun: number;
  suspiciousContextCalls: number;
  suspiciousContexts: string[];
  blockedAttempts: number;
  /** Start of the first and last outbound call (epoch ms), for intraday timing. */
  firstCall: number | null;
  lastCall: number | null;
  /** Most expensive, then most frequent destinations (at most 10). */
  topDestinations: DestinationSummary[];
  /** International calls by country over ALL the day's numbers, most expensive first (at most 5). */
  topCountries: CountrySummary[];
  /** A few of the riskiest calls, for explanations (at most 5). */
  examples: CallExample[];
  /**
   * First and last call of each kind a rule looks at (international, after
   * hours ...), for an incident's time span. Not kept by the state store:
   * absent on remembered profiles.
   */
  spans?: CallSpans;
}

/** Metrics a baseline is learned for. */
export const BASELINE_METRICS = [
  'outboundCalls',
  'answeredCalls',
  'billsec',
  'internationalCalls',
  'failedInternational',
  'premiumCalls',
  'highRiskCalls',
  'distinctNumbers',
  'estimatedCost',
  'afterHoursInternational',
  'maxCallsIn10Min',
  'peakConcurrent',
] as const satisfies readonly (keyof DailyProfile)[];

export type BaselineMetric = (typeof BASELINE_METRICS)[number];

/** Outbound calls of `extension` ("*": every extension) on `day`: what an alert and a lock acknowledgement measure. */
export function callsOnDay(profiles: readonly DailyProfile[], extension: string, day: string): number {
  let calls = 0;
  for (const p of profiles) if (p.day === day && (extension === '*' || p.extension === extension)) calls += p.outboundCalls;
  return calls;
}
