// What the CLI and the jobs call: `tollguard lockout list|add|remove`, and the
// lockout step of a scheduled run (or of `report --lockout`).
import type { Config } from '../../config/load.js';
import type { LockoutMode } from '../../config/lockout.js';
import type { Finding } from '../../detection/rule.js';
import type { Report } from '../report/report.js';
import type { DailyProfile } from '../../profiles/daily-profile.js';
import { callsOnDay } from '../../profiles/daily-profile.js';
import type { LockoutAck, LockoutRecord, StateStore, StoreTx } from '../../store/store.js';
import { addDays } from '../../time/pbx-clock.js';
import { emergencyExtensions, emergencyFor } from './dialplan.js';
import { assertExtension, astdbKeyProblem, ExtensionNameError } from './extension.js';
import {
  applyLockouts,
  expiredLocks,
  listLocks,
  lockExtensions,
  retryPending,
  unlockExtensions,
  type LockListing,
  type LockOutcome,
  type LockoutContext,
  type LockoutRecorder,
} from './lockout-service.js';
import { GUEST_ENDPOINT_WHY, isGuestEndpoint, lockTarget, planLockouts, type HeldBack, type LockoutPlan } from './policy.js';

function context(config: Config, recorder: LockoutRecorder, runId: number | null, actor: string, now: Date): LockoutContext {
  const l = config.lockout;
  return { ami: config.ami, family: l.family, hangup: l.hangup, expiryHours: l.expiryHours, recorder, runId, actor, now, emergency: emergencyExtensions(emergencyFor(config.pbx)) };
}

/** `tollguard lockout list`: the store's locks reconciled with AstDB. */
export async function lockoutList(config: Config, store: StateStore): Promise<LockListing> {
  return listLocks(await store.lockouts(), config.ami, config.lockout.family);
}

export interface ManualOptions {
  actor?: string;
  now?: Date;
}

export interface RemoveOptions extends ManualOptions {
  /** No automatic lock of the extension before this time (`--until DAY`, `--for 24h`). */
  exemptUntil?: Date;
}

/** UTC day of a time: the days of findings an unlock acknowledges are taken generously around it. */
const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * What removing the lock acknowledges: per day, the extension's stored findings (their
 * rules, the most cost) and its calls that day, over the days whose findings may still lock.
 */
export async function acknowledgement(config: Config, store: StateStore, extension: string, now: Date, actor: string): Promise<LockoutAck[]> {
  const days = { from: addDays(utcDay(new Date(now.getTime() - config.lockout.maxFindingAgeHours * 3_600_000)), -1), to: addDays(utcDay(now), 1) };
  const findings = (await store.findings(days)).filter((f) => {
    const t = lockTarget(f);
    return 'extension' in t && t.extension === extension;
  });
  if (!findings.length) return [];
  const profiles: DailyProfile[] = await store.loadProfiles(days);
  const byDay = new Map<string, LockoutAck>();
  const at = now.toISOString();
  for (const f of findings) {
    let ack = byDay.get(f.day);
    if (!ack) byDay.set(f.day, (ack = { extension, day: f.day, rules: [], calls: 0, cost: 0, actor, at }));
    if (!ack.rules.includes(f.rule)) ack.rules.push(f.rule);
    ack.calls = Math.max(ack.calls, callsOnDay(profiles, f.extension, f.day));
    ack.cost = Math.max(ack.cost, f.estimatedCost);
  }
  return [...byDay.values()];
}

/** The acknowledgements and exemptions in force, for the policy. */
async function heldBack(store: StateStore, now: Date, callsOf: HeldBack['callsOf']): Promise<HeldBack> {
  const acks = new Map<string, Map<string, LockoutAck>>();
  for (const a of await store.lockoutAcks(addDays(utcDay(now), -40))) {
    let days = acks.get(a.extension);
    if (!days) acks.set(a.extension, (days = new Map()));
    days.set(a.day, a);
  }
  const exemptUntil = new Map((await store.lockoutExemptions()).filter((e) => Date.parse(e.until) > now.getTime()).map((e) => [e.extension, e.until]));
  return { acks, exemptUntil, callsOf };
}

function describeAcks(acks: readonly LockoutAck[]): string {
  if (!acks.length) return 'no findings to acknowledge';
  return `acknowledged ${acks.map((a) => `${a.day} (${a.rules.join(', ')}; ${a.calls} calls, cost ${a.cost.toFixed(2)})`).join('; ')}: locked again automatically only on new evidence`;
}

/** `tollguard lockout add EXT --reason ...`: locks now, whatever the mode (an admin asked). */
export async function lockoutAdd(config: Config, store: StateStore, extension: string, reason: string, opts: ManualOptions = {}): Promise<LockOutcome> {
  assertExtension(extension);
  if (config.lockout.neverLock.includes(extension)) throw new Error(`extension ${extension} is in lockout.neverLock (LOCKOUT_NEVER); remove it there first to lock it`);
  const now = opts.now ?? new Date();
  return store.withRun('lockout', null, async (tx) => {
    const [outcome] = await lockExtensions([{ extension, reason, rule: null }], context(config, tx, tx.runId, opts.actor ?? 'admin via CLI', now));
    // An admin who locks by hand has changed their mind about any exemption.
    if (outcome!.status === 'active' || outcome!.status === 'pending') await tx.setLockoutExemption(extension, null);
    await recordOutcome(tx, outcome!);
    return outcome!;
  });
}

/**
 * A manual lock or unlock keeps its outcome with its run: the run commits (a
 * pending lock must be stored to be retried), so without this `tollguard
 * history` would say "ok" for a lock that never reached the PBX.
 */
async function recordOutcome(tx: StoreTx, o: LockOutcome, counted: string = o.status): Promise<void> {
  await tx.setRunCounts({ [counted]: 1 });
  await tx.setRunMessage(`${o.extension}: ${o.status}: ${o.detail}`);
}

/** `tollguard lockout remove EXT`. */
export async function lockoutRemove(config: Config, store: StateStore, extension: string, opts: RemoveOptions = {}): Promise<LockOutcome> {
  const problem = astdbKeyProblem(extension);
  if (problem) throw new ExtensionNameError(`extension ${JSON.stringify(extension.slice(0, 80))} refused: ${problem}`);
  const now = opts.now ?? new Date();
  const records = byExtension(await store.lockouts());
  const actor = opts.actor ?? 'admin via CLI';
  const pending = records.get(extension);
  const acks = await acknowledgement(config, store, extension, now, actor);
  const outcome = await store.withRun('lockout', null, async (tx) => {
    const removed = await unlock(tx);
    if (removed.status !== 'removed') {
      // Still locked (AMI refused or unreachable): the unlock failed, whatever the lock's own status.
      await recordOutcome(tx, removed, 'failed');
      return removed;
    }
    // The unlock holds: the next run must not lock again on what the admin has seen.
    await tx.acknowledgeLockout(acks);
    let detail = `${removed.detail}; ${describeAcks(acks)}`;
    if (opts.exemptUntil) {
      const until = opts.exemptUntil.toISOString().replace(/\.\d{3}Z$/, 'Z');
      await tx.setLockoutExemption(extension, { until, actor, at: now.toISOString() });
      detail += `; no automatic lock before ${until}`;
    }
    if (acks.length || opts.exemptUntil) await tx.addLockoutEvent({ extension, action: 'unlock', actor, detail: detail.slice(removed.detail.length + 2), at: now.toISOString() });
    await recordOutcome(tx, { ...removed, detail });
    return { ...removed, detail };
  });
  return outcome;

  async function unlock(tx: Parameters<Parameters<StateStore['withRun']>[2]>[0]): Promise<LockOutcome> {
    // A pending lock never reached AstDB: cancel it here, or the next run would retry it.
    if (pending?.status === 'pending') {
      const at = now.toISOString();
      const detail = 'pending lock cancelled: it never reached the PBX, so AstDB holds nothing to delete';
      await tx.upsertLockout({ ...pending, status: 'removed', actor, expiresAt: null, error: null, at });
      await tx.addLockoutEvent({ extension, action: 'unlock', actor, detail, at });
      return { extension, status: 'removed', detail, hungUp: [] };
    }
    const [outcome] = await unlockExtensions([extension], records, context(config, tx, tx.runId, actor, now));
    return outcome!;
  }
}

export interface LockoutStepResult {
  mode: LockoutMode;
  plan: LockoutPlan;
  /** New lockouts (or dry-run notes). */
  outcomes: LockOutcome[];
  /** Earlier pending lockouts retried. */
  retried: LockOutcome[];
  /** Locks lifted because lockout.expiryHours passed. */
  expired: LockOutcome[];
}

export interface LockoutStepOptions {
  now: Date;
  /** Epoch ms at which a PBX-local day ends: dayEndIn(clock). */
  dayEnd: (day: string) => number;
  /** The job: "nightly", "sweep", "report". */
  job: string;
  /** Default config.lockout.mode; `report` passes it only with --lockout. */
  mode?: LockoutMode;
  /** The run's profiles: a finding's calls that day, compared with what an unlock acknowledged. */
  profiles?: readonly DailyProfile[];
}

/** The lockout step of a run, inside its transaction: retry pending, lift expired, lock by policy. */
export async function runLockouts(config: Config, store: StateStore, tx: LockoutRecorder & { readonly runId: number }, findings: readonly Finding[], opts: LockoutStepOptions): Promise<LockoutStepResult> {
  const mode = opts.mode ?? config.lockout.mode;
  const records = await store.lockouts();
  const current = new Set(records.filter((r) => r.status === 'active' || r.status === 'pending').map((r) => r.extension));
  const guest = (f: Finding): boolean => isGuestEndpoint(config.pbx.guestEndpoints, f.extension);
  const profiles = opts.profiles ?? [];
  const held = await heldBack(store, opts.now, (f) => callsOnDay(profiles, f.extension, f.day));
  const plan = planLockouts(findings.filter((f) => !guest(f)), opts.now, config.lockout, current, opts.dayEnd, held);
  for (const f of findings.filter((f) => guest(f) && f.severity === 'critical')) {
    if (!plan.skipped.some((s) => s.extension === f.extension)) {
      plan.skipped.push({ extension: f.extension, rule: f.rule, why: GUEST_ENDPOINT_WHY });
    }
  }
  const ctx = context(config, tx, tx.runId, `${opts.job} (run ${tx.runId})`, opts.now);
  const result: LockoutStepResult = { mode, plan, outcomes: [], retried: [], expired: [] };
  if (mode === 'enforce') {
    result.retried = await retryPending(records, ctx);
    const expired = expiredLocks(records, opts.now);
    if (expired.length) result.expired = await unlockExtensions(expired.map((r) => r.extension), byExtension(records), { ...ctx, actor: `expiry after ${config.lockout.expiryHours} h (run ${tx.runId})` });
  }
  const withActor = plan.lock.map((p) => ({ ...p, actor: `${opts.job}: rule ${p.rule} (run ${tx.runId})` }));
  result.outcomes = await applyLockouts(withActor, mode, ctx);
  return result;
}

function byExtension(records: readonly LockoutRecord[]): Map<string, LockoutRecord> {
  return new Map(records.map((r) => [r.extension, r]));
}

/** Locks this run set on the PBX: new ones and earlier pending ones retried. */
export function lockoutsMade(r: LockoutStepResult | null): number {
  if (!r) return 0;
  return [...r.retried, ...r.outcomes].filter((o) => o.status === 'active').length;
}

/** Locks that did not reach the PBX (pending) or failed: the run exits 4 so cron mail and systemd notice. */
export function lockoutFailures(r: LockoutStepResult | null): number {
  if (!r) return 0;
  return [...r.retried, ...r.outcomes, ...r.expired].filter((o) => o.status === 'pending' || o.status === 'failed').length;
}

/** Extensions a dry run would have locked: named in the log line, the mail and status, never silent. */
export function wouldLock(r: LockoutStepResult | null): string[] {
  return r ? r.outcomes.filter((o) => o.status === 'dry-run').map((o) => o.extension) : [];
}

/** What the step did, per extension, for the report's incident notes (the mail composed after it). */
export function lockoutNotes(r: LockoutStepResult | null): Report['lockouts'] {
  if (!r || r.mode === 'off') return undefined;
  return { mode: r.mode, outcomes: [...r.retried, ...r.outcomes].map((o) => ({ extension: o.extension, status: o.status, detail: o.detail })) };
}
