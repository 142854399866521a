// The shape of a detection rule, after ESLint's: metadata, an options schema
// with defaults, and a pure check. Rules never do I/O.
import type { z } from 'zod';
import type { OutboundCall } from '../enrichment/call.js';
import type { Baseline } from '../profiles/baseline.types.js';
import type { CallScope } from '../profiles/call-scope.js';
import type { DailyProfile, ProfileCaller } from '../profiles/daily-profile.js';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface RuleMeta {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** Meaningful on a partial day (the intraday sweep runs it). */
  intraday: boolean;
  /** The calls a finding is about (flagged in the CSV, an incident's time span). */
  calls: CallScope;
}

/** What a check returns when it fires; the runner adds extension, day, rule and fingerprint. */
export interface RuleHit {
  /** Overrides the configured severity, e.g. a spike that is far off escalates to critical. */
  severity?: Severity;
  title: string;
  /** What the rule measured against what baseline, in plain words: no statistics. */
  explanation: string;
  /** The statistics behind it (robust z, tail probability, ratios), for a details line. */
  details?: string;
  estimatedCost: number;
  evidence: Record<string, unknown>;
}

export interface ExtensionRuleContext<O> {
  profile: DailyProfile;
  baseline: Baseline;
  options: O;
  /** The severity configured for the rule (default or overridden). */
  severity: Severity;
  currency: string;
}

/** The whole PBX's estimated cost on a day, without extension-days judged fraudulent. */
export interface PbxDayCost {
  day: string;
  cost: number;
}

export interface PbxRuleContext<O> {
  day: string;
  profiles: readonly DailyProfile[];
  /** The PBX's days before `day` within the lookback that had calls, oldest first. */
  history: readonly PbxDayCost[];
  lookbackDays: number;
  options: O;
  severity: Severity;
  currency: string;
}

export interface ExtensionRule<S extends z.ZodType = z.ZodType> {
  meta: RuleMeta & { scope: 'extension' };
  options: S;
  check(ctx: ExtensionRuleContext<z.infer<S>>): RuleHit | null;
  /** Whether a call is one the finding is about, when meta.calls says too little (e.g. only the new countries). */
  concerns?(call: OutboundCall, finding: Finding): boolean;
}

/** A rule over the whole PBX's day (e.g. the PBX-wide cost cap); findings name extension "*". */
export interface PbxRule<S extends z.ZodType = z.ZodType> {
  meta: RuleMeta & { scope: 'pbx' };
  options: S;
  check(ctx: PbxRuleContext<z.infer<S>>): RuleHit | null;
  concerns?(call: OutboundCall, finding: Finding): boolean;
}

export type Rule = ExtensionRule | PbxRule;

/** The extension of a PBX-wide finding (a cost cap, a whole-PBX burst): no single extension's. */
export const PBX_WIDE = '*';

export interface Finding {
  /** The extension, or the key of a trunk or forward ("trunk:pstn-in@from-trunk"); "*": the whole PBX. */
  extension: string;
  /** Set when no extension made the calls: who did, in words an admin recognises, and what may be locked. */
  caller?: ProfileCaller;
  day: string;
  severity: Severity;
  rule: string;
  title: string;
  explanation: string;
  /** Statistics behind the explanation; absent on findings read back from the state store. */
  details?: string;
  estimatedCost: number;
  currency: string;
  evidence: Record<string, unknown>;
  /** Stable id of "this rule on this extension on this day", for alert deduplication. */
  fingerprint: string;
}

/** Identity helpers that keep each rule's options type inferred from its schema. */
export function defineExtensionRule<S extends z.ZodType>(rule: ExtensionRule<S>): ExtensionRule<S> {
  return rule;
}
export function definePbxRule<S extends z.ZodType>(rule: PbxRule<S>): PbxRule<S> {
  return rule;
}
