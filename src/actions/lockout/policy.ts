// Which findings lock which extensions: pure, so a dry run and the real run
// decide the same. Old findings never lock (a rerun of last month must not lock
// the office), exempt extensions never lock, and at most maxPerRun lock per run.
import { severityRank, type Finding, type Severity } from '../../detection/rule.js';
import { isCallerKey } from '../../enrichment/caller.js';
import { addDays, type PbxClock } from '../../time/pbx-clock.js';
import { extensionProblem } from './extension.js';

export interface LockoutPolicy {
  rules: readonly string[];
  minSeverity: Severity;
  neverLock: readonly string[];
  maxPerRun: number;
  maxFindingAgeHours: number;
}

export interface PlannedLock {
  extension: string;
  reason: string;
  rule: string;
  finding: Finding;
}

export interface LockoutPlan {
  lock: PlannedLock[];
  skipped: { extension: string; rule: string; why: string }[];
}

/** Epoch ms at which a PBX-local day ends (next local midnight). */
export function dayEndIn(clock: PbxClock): (day: string) => number {
  const cache = new Map<string, number>();
  return (day) => {
    let end = cache.get(day);
    if (end === undefined) cache.set(day, (end = clock.startOfDay(addDays(day, 1))));
    return end;
  };
}

/**
 * The extension a finding's lock would lock, or why there is none. Calls no
 * extension made (a trunk's, a forward's) lock only the extension that owns
 * the forward: locking a trunk would hang up every call on it, 911 included.
 */
export function lockTarget(f: Finding): { extension: string } | { why: string } {
  if (f.caller) {
    if (f.caller.extension) return { extension: f.caller.extension };
    return { why: `not an extension (${f.caller.kind === 'trunk' ? 'a trunk' : 'a forward'}: ${f.caller.label}); the finding says what to change in the dialplan` };
  }
  if (isCallerKey(f.extension)) return { why: 'not an extension (a trunk or a forward); the finding says what to change in the dialplan' };
  return { extension: f.extension };
}

/** Findings whose rule and severity may lock at all; others are not candidates and are not listed. */
function eligible(f: Finding, policy: LockoutPolicy): boolean {
  if (severityRank(f.severity) < severityRank(policy.minSeverity)) return false;
  return policy.rules.length === 0 || policy.rules.includes(f.rule);
}

export function planLockouts(findings: readonly Finding[], now: Date, policy: LockoutPolicy, currentLocks: ReadonlySet<string>, dayEnd: (day: string) => number): LockoutPlan {
  const plan: LockoutPlan = { lock: [], skipped: [] };
  const maxAgeMs = policy.maxFindingAgeHours * 3_600_000;
  // Most severe first, then most costly: the safety valve keeps the worst.
  const candidates = findings
    .filter((f) => eligible(f, policy))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.estimatedCost - a.estimatedCost || (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0));
  const seen = new Set<string>();
  for (const f of candidates) {
    const target = lockTarget(f);
    const extension = 'extension' in target ? target.extension : f.extension;
    if (seen.has(extension)) continue; // its worst finding already decided
    seen.add(extension);
    const skip = (why: string): void => void plan.skipped.push({ extension, rule: f.rule, why });
    if ('why' in target) {
      skip(target.why);
      continue;
    }
    const problem = extensionProblem(extension);
    if (problem) {
      skip(`refused: ${problem}`);
      continue;
    }
    if (policy.neverLock.includes(extension)) {
      skip('never locked (lockout.neverLock)');
      continue;
    }
    const age = now.getTime() - dayEnd(f.day);
    if (age > maxAgeMs) {
      skip(`finding of ${f.day} is ${Math.floor(age / 3_600_000)} h old; only findings up to ${policy.maxFindingAgeHours} h old lock`);
      continue;
    }
    if (currentLocks.has(extension)) {
      skip('already locked');
      continue;
    }
    if (plan.lock.length >= policy.maxPerRun) {
      skip(`safety valve: at most ${policy.maxPerRun} lockouts per run`);
      continue;
    }
    plan.lock.push({ extension, rule: f.rule, finding: f, reason: `${f.rule} (${f.severity}) on ${f.day}: ${f.title}` });
  }
  return plan;
}
