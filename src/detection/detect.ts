// Runs the enabled rules over one day's profiles and turns their hits into
// findings with stable fingerprints, most severe first.
import { createHash } from 'node:crypto';
import type { RuleSetting } from '../config/detection.js';
import type { Baseline } from '../profiles/baseline.types.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { severityRank, type ExtensionRule, type Finding, type PbxDayCost, type PbxRule, type Rule, type RuleHit, type Severity } from './rule.js';
import { RULES } from './rules/index.js';

/** A rule with its configured severity and parsed options, ready to run. */
export interface PreparedRule {
  rule: Rule;
  severity: Severity;
  options: unknown;
}

/**
 * Merges the configured settings with each rule's defaults. Disabled rules are
 * left out; options failing a rule's schema throw (the config loader checks
 * them first, so this means a caller bypassed it).
 */
export function prepareRules(settings: Record<string, RuleSetting> = {}, rules: readonly Rule[] = RULES): PreparedRule[] {
  const out: PreparedRule[] = [];
  for (const rule of rules) {
    const s = settings[rule.meta.id];
    if (s && s.enabled === false) continue;
    const parsed = rule.options.safeParse(s?.options ?? {});
    if (!parsed.success) throw new Error(`rule ${rule.meta.id}: bad options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.push({ rule, severity: s?.severity ?? rule.meta.defaultSeverity, options: parsed.data });
  }
  return out;
}

/** sha1 of rule|extension|day, 16 hex characters: the same alert on every run. */
export function fingerprint(rule: string, extension: string, day: string): string {
  return createHash('sha1').update(`${rule}|${extension}|${day}`).digest('hex').slice(0, 16);
}

export interface DetectDayInput {
  day: string;
  /** The day's profiles, one per extension. */
  profiles: readonly DailyProfile[];
  /** Baseline per extension for this day; an extension without one is not judged by extension rules. */
  baselines: ReadonlyMap<string, Baseline>;
  rules: readonly PreparedRule[];
  exemptExtensions: ReadonlySet<string> | readonly string[];
  currency: string;
  /** Only rules meaningful on a partial day (the intraday sweep). */
  intradayOnly?: boolean;
  /** The PBX's daily cost on the days before, for PBX-wide rules (judge fills it). */
  pbxHistory?: readonly PbxDayCost[];
  lookbackDays?: number;
}

function toFinding(hit: RuleHit, p: PreparedRule, extension: string, day: string, currency: string, profile?: DailyProfile): Finding {
  return {
    extension,
    ...(profile?.caller ? { caller: profile.caller } : {}),
    day,
    severity: hit.severity ?? p.severity,
    rule: p.rule.meta.id,
    title: hit.title,
    explanation: hit.explanation,
    ...(hit.details ? { details: hit.details } : {}),
    estimatedCost: hit.estimatedCost,
    currency,
    evidence: hit.evidence,
    fingerprint: fingerprint(p.rule.meta.id, extension, day),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    b.estimatedCost - a.estimatedCost ||
    (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0) ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

/**
 * Findings of one day. Exempt extensions are never judged; the PBX-wide rules
 * still count their spend (the bill does).
 */
export function detectDay(input: DetectDayInput): Finding[] {
  const exempt = input.exemptExtensions instanceof Set ? input.exemptExtensions : new Set(input.exemptExtensions as readonly string[]);
  for (const p of input.profiles) {
    if (p.day !== input.day) throw new Error(`detectDay ${input.day}: got a profile of extension ${p.extension} for ${p.day}`);
  }
  const findings: Finding[] = [];
  const active = input.intradayOnly ? input.rules.filter((r) => r.rule.meta.intraday) : input.rules;
  for (const p of active) {
    if (p.rule.meta.scope === 'pbx') {
      const hit = (p.rule as PbxRule).check({
        day: input.day, profiles: input.profiles, history: input.pbxHistory ?? [], lookbackDays: input.lookbackDays ?? input.pbxHistory?.length ?? 0,
        options: p.options, severity: p.severity, currency: input.currency,
      });
      if (hit) findings.push(toFinding(hit, p, '*', input.day, input.currency));
      continue;
    }
    const r = p.rule as ExtensionRule;
    for (const profile of input.profiles) {
      if (exempt.has(profile.extension)) continue;
      const baseline = input.baselines.get(profile.extension);
      if (!baseline) continue;
      const hit = r.check({ profile, baseline, options: p.options, severity: p.severity, currency: input.currency });
      if (hit) findings.push(toFinding(hit, p, profile.extension, input.day, input.currency, profile));
    }
  }
  return findings.sort(compareFindings);
}
