// The shape of a live rule, after the CDR rules (../rule.ts): metadata, an
// options schema with defaults, a pure check returning a RuleHit in the same
// words. A live rule sees the calls in progress now, the calls dialled in the
// last minutes, and the extension's history from the state store.
import type { z } from 'zod';
import type { Caller } from '../../enrichment/call.js';
import type { LiveHistory } from '../../profiles/live-history.js';
import type { RuleHit, Severity } from '../rule.js';

/** One call in progress, or dialled recently, as the rules see it. */
export interface LiveCallView {
  dialled: string;
  e164: string | null;
  /** "Cuba", "International Networks (+882)". */
  label: string;
  /** ISO country or "+882" (as known countries are kept), for international calls; else null. */
  countryKey: string | null;
  international: boolean;
  premium: boolean;
  highRisk: boolean;
  /** International, premium-rate or high-risk: what toll fraud dials. */
  toll: boolean;
  /** A forward ALLOWED_FORWARDS allows to this destination. */
  allowedForward: boolean;
  dialledAt: number;
  answeredAt: number | null;
  /** Still up. */
  inProgress: boolean;
  /** The tariff's rate per minute (0 until answered) and the cost so far (answered calls only). */
  ratePerMinute: number;
  costSoFar: number;
  /** The dcontext when the trunk was reached from a context that is not internal, or from a guest endpoint. */
  suspiciousContext: string | null;
  channel: string;
}

export interface LiveExtension {
  /** The extension, or a trunk's or forward's key ("trunk:pstn-in@from-trunk"), as for CDRs. */
  extension: string;
  caller: Caller | null;
  /** Local day of `now`. */
  day: string;
  /** Calls up now. */
  calls: readonly LiveCallView[];
  /** Calls dialled within the recent window (those up now among them), oldest first. */
  recent: readonly LiveCallView[];
  history: LiveHistory;
  /** Today's live calls so far, ended ones included: what they cost. */
  costToday: number;
}

export interface LiveRuleContext<O> {
  ext: LiveExtension;
  now: number;
  options: O;
  severity: Severity;
  currency: string;
}

export interface LivePbxContext<O> {
  extensions: readonly LiveExtension[];
  day: string;
  now: number;
  /** The whole PBX's costliest day in the lookback. */
  pbxMaxDayCost: number;
  options: O;
  severity: Severity;
  currency: string;
}

export interface LiveRuleMeta {
  id: string;
  description: string;
  defaultSeverity: Severity;
}

export interface LiveExtensionRule<S extends z.ZodType = z.ZodType> {
  meta: LiveRuleMeta & { scope: 'extension' };
  options: S;
  check(ctx: LiveRuleContext<z.infer<S>>): RuleHit | null;
}

export interface LivePbxRule<S extends z.ZodType = z.ZodType> {
  meta: LiveRuleMeta & { scope: 'pbx' };
  options: S;
  check(ctx: LivePbxContext<z.infer<S>>): RuleHit | null;
}

export type LiveRule = LiveExtensionRule | LivePbxRule;

export function defineLiveRule<S extends z.ZodType>(rule: LiveExtensionRule<S>): LiveExtensionRule<S> {
  return rule;
}
export function defineLivePbxRule<S extends z.ZodType>(rule: LivePbxRule<S>): LivePbxRule<S> {
  return rule;
}

/** "Cuba 2, International Networks (+882) 1": calls by destination, most first. */
export function byLabel(calls: readonly LiveCallView[], max = 4): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, max).map(([l, n]) => `${l} ${n}`).join(', ');
}

/** Evidence every live finding carries: the calls it is about. */
export function callsEvidence(calls: readonly LiveCallView[]): Record<string, unknown> {
  return {
    live: true,
    calls: calls.slice(0, 10).map((c) => ({ dialled: c.dialled, e164: c.e164, label: c.label, highRisk: c.highRisk, premium: c.premium, answered: c.answeredAt !== null, inProgress: c.inProgress, channel: c.channel, costSoFar: c.costSoFar })),
  };
}
