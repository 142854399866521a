// Runs the live rules over extensions' live views and turns hits into
// Findings shaped like the CDR rules' (fingerprint of rule, extension and day),
// so the lockout policy, the store and the alert mail take them as they are.
import type { RuleSetting } from '../../config/detection.js';
import { validateOptionSettings } from '../../config/option-settings.js';
import { fingerprint } from '../detect.js';
import type { Finding, Severity } from '../rule.js';
import type { LiveExtension, LiveExtensionRule, LivePbxRule, LiveRule } from './rule.js';
import { findLiveRule, LIVE_RULES } from './rules/index.js';

export interface LiveJudgeInput {
  extensions: readonly LiveExtension[];
  /** All extensions with calls up or recent (the PBX-wide rules read them); default `extensions`. */
  everyone?: readonly LiveExtension[];
  now: number;
  day: string;
  pbxMaxDayCost: number;
  settings: Record<string, RuleSetting>;
  currency: string;
  exemptExtensions?: readonly string[];
}

interface Prepared {
  rule: LiveRule;
  options: unknown;
  severity: Severity;
}

const cache = new WeakMap<Record<string, RuleSetting>, Prepared[]>();

/** Enabled rules with their parsed options (validated at config load). */
function prepare(settings: Record<string, RuleSetting>): Prepared[] {
  let p = cache.get(settings);
  if (!p) {
    p = LIVE_RULES.filter((r) => settings[r.meta.id]?.enabled !== false).map((rule) => {
      const s = settings[rule.meta.id];
      return { rule, options: rule.options.parse(s?.options ?? {}), severity: s?.severity ?? rule.meta.defaultSeverity };
    });
    cache.set(settings, p);
  }
  return p;
}

export function judgeLive(input: LiveJudgeInput): Finding[] {
  const findings: Finding[] = [];
  const exempt = new Set(input.exemptExtensions ?? []);
  for (const { rule, options, severity } of prepare(input.settings)) {
    if (rule.meta.scope === 'pbx') {
      const hit = (rule as LivePbxRule).check({ extensions: input.everyone ?? input.extensions, day: input.day, now: input.now, pbxMaxDayCost: input.pbxMaxDayCost, options, severity, currency: input.currency });
      if (hit) findings.push(toFinding('*', input.day, rule.meta.id, severity, hit, input.currency));
      continue;
    }
    for (const ext of input.extensions) {
      if (exempt.has(ext.extension)) continue;
      const hit = (rule as LiveExtensionRule).check({ ext, now: input.now, options, severity, currency: input.currency });
      if (!hit) continue;
      const f = toFinding(ext.extension, ext.day, rule.meta.id, severity, hit, input.currency);
      if (ext.caller) {
        const risky = ext.calls.filter((c) => c.toll).length;
        f.caller = { ...ext.caller, riskyCalls: risky, allowedCalls: ext.calls.filter((c) => c.toll && c.allowedForward).length };
      }
      findings.push(f);
    }
  }
  return findings;
}

function toFinding(extension: string, day: string, rule: string, configured: Severity, hit: NonNullable<ReturnType<LiveRule['check']>>, currency: string): Finding {
  const f: Finding = {
    extension, day, severity: hit.severity ?? configured, rule, title: hit.title, explanation: hit.explanation,
    estimatedCost: hit.estimatedCost, currency, evidence: hit.evidence, fingerprint: fingerprint(rule, extension, day),
  };
  if (hit.details) f.details = hit.details;
  return f;
}

/** Problems with configured live rule settings (unknown ids, options failing a rule's schema). */
export function validateLiveRuleSettings(settings: Record<string, RuleSetting>): { path: string[]; message: string }[] {
  return validateOptionSettings(settings, findLiveRule, LIVE_RULES.map((r) => r.meta.id), 'live rule');
}
