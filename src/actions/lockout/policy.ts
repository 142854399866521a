// Which findings lock which extensions: pure, so a dry run and the real run
// decide the same. Old findings never lock (a rerun of last month must not lock
// the office), exempt extensions never lock, and at most maxPerRun lock per run.
// An admin's unlock holds: what it acknowledged (the rules, calls and cost of the
// extension's findings then) locks again only when there is more of it.
import { PBX_WIDE, severityRank, type Finding, type Severity } from '../../detection/rule.js';
import { isCallerKey } from '../../enrichment/caller.js';
import { addDays, type PbxClock } from '../../time/pbx-clock.js';
import type { LockoutAck } from '../../store/store.js';
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

/** What the admins' unlocks hold back: `lockout remove` acknowledgements and exemptions. */
export interface HeldBack {
  /** extension -> day -> what was acknowledged. */
  acks: ReadonlyMap<string, ReadonlyMap<string, Pick<LockoutAck, 'rules' | 'calls' | 'cost'>>>;
  /** extension -> ISO time before which it is never locked automatically. */
  exemptUntil: ReadonlyMap<string, string>;
  /** The calls a finding's extension made that day (the figure acknowledged). */
  callsOf(f: Finding): number;
}

export const NOTHING_HELD: HeldBack = { acks: new Map(), exemptUntil: new Map(), callsOf: () => 0 };

/** True when an unlock acknowledged this finding: its rule, no more calls and no more cost than then. */
export function acknowledged(f: Finding, extension: string, held: HeldBack): boolean {
  const ack = held.acks.get(extension)?.get(f.day);
  // Costs are rounded to the cent in reports; a float's last digit is not new evidence.
  return !!ack && ack.rules.includes(f.rule) && held.callsOf(f) <= ack.calls && f.estimatedCost <= ack.cost + 0.005;
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

/** Why a PBX-wide finding locks nothing; its incident names the biggest spenders to lock. */
export const PBX_WIDE_WHY = 'a PBX-wide finding, no single extension to lock';

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
  if (f.extension === PBX_WIDE) return { why: PBX_WIDE_WHY };
  if (isCallerKey(f.extension)) return { why: 'not an extension (a trunk or a forward); the finding says what to change in the dialplan' };
  return { extension: f.extension };
}

/**
 * Why a guest endpoint (pbx.guestEndpoints, e.g. "anonymous") is never locked: it is no
 * one's extension, its calls run in the guest context, and the lock check sits only in
 * the internal contexts, so a lock keyed on it would stop nothing.
 */
export const CLOSE_GUEST_CONTEXT = 'close the guest context (allowguest=no, no anonymous endpoint)';
export const GUEST_ENDPOINT_WHY = `a guest endpoint, not an extension: ${CLOSE_GUEST_CONTEXT} instead of locking it`;

/** True when `extension` is one of the configured guest endpoints: never locked, never offered a lock command. */
export function isGuestEndpoint(guestEndpoints: readonly string[], extension: string): boolean {
  return guestEndpoints.includes(extension);
}

/** Findings whose rule and severity may lock at all; others are not candidates and are not listed. */
function eligible(f: Finding, policy: LockoutPolicy): boolean {
  if (severityRank(f.severity) < severityRank(policy.minSeverity)) return false;
  return policy.rules.length === 0 || policy.rules.includes(f.rule);
}

export function planLockouts(findings: readonly Finding[], now: Date, policy: LockoutPolicy, currentLocks: ReadonlySet<string>, dayEnd: (day: string) => number, held: HeldBack = NOTHING_HELD): LockoutPlan {
  const plan: LockoutPlan = { lock: [], skipped: [] };
  const ackedOnly = new Map<string, Finding>();
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
    // Acknowledged evidence is passed over: a later finding of the extension may be new.
    if ('extension' in target && acknowledged(f, extension, held)) {
      if (!ackedOnly.has(extension)) ackedOnly.set(extension, f);
      continue;
    }
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
    const until = held.exemptUntil.get(extension);
    if (until !== undefined && Date.parse(until) > now.getTime()) {
      skip(`exempt from automatic locks until ${until} (lockout remove --until/--for)`);
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
  for (const [extension, f] of ackedOnly) {
    if (seen.has(extension)) continue;
    plan.skipped.push({ extension, rule: f.rule, why: `acknowledged when an admin removed its lock; locked again only on new evidence (more calls, more cost, another rule)` });
  }
  return plan;
}
