// Locking and unlocking extensions through AMI, with every step recorded.
// A lock is an AstDB key (DBPut family/EXT) that the dialplan checks before
// each outbound call, plus a Hangup of the extension's live calls. When AMI
// fails the lock is recorded as pending and retried by the next run: nothing
// here throws because the PBX is unreachable (store errors do propagate, so
// the run's transaction rolls back).
import type { LockoutEvent, LockoutRecord, LockoutStatus } from '../../store/store.js';
import type { AmiConfig } from '../../config/lockout.js';
import { AmiClient, AmiError, AmiPermissionError } from './ami-client.js';
import { classifyChannels } from './emergency-calls.js';
import { astdbKeyProblem, channelRegex, extensionProblem } from './extension.js';
import type { PlannedLock } from './policy.js';

/** The writes the service needs; StoreTx provides them. */
export interface LockoutRecorder {
  upsertLockout(record: Omit<LockoutRecord, 'createdAt' | 'updatedAt'> & { at: string }): Promise<void>;
  addLockoutEvent(event: LockoutEvent): Promise<void>;
}

export interface LockoutContext {
  ami: AmiConfig;
  family: string;
  hangup: boolean;
  expiryHours?: number | undefined;
  recorder: LockoutRecorder;
  runId: number | null;
  /** Who or what acts: "rule irsf-burst (run 12)", "admin via CLI". */
  actor: string;
  now: Date;
  /** Hangup cause sent with the lock; 21 = call rejected, as in the capture. */
  hangupCause?: number;
  /** Digit strings that are emergency calls (emergencyExtensions()): a channel calling one is never hung up. */
  emergency: readonly string[];
}

export interface LockOutcome {
  extension: string;
  status: LockoutStatus;
  detail: string;
  /** Channels hung up when the lock was set. */
  hungUp: string[];
}

/** What to lock: a planned lock, a manual one, or a pending one being retried. */
export interface LockRequest {
  extension: string;
  reason: string;
  rule: string | null;
  /** The run that decided the lock (defaults to the context's). */
  runId?: number | null;
  /** Overrides the context's actor for this lock, e.g. "nightly: rule irsf-burst (run 12)". */
  actor?: string;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Connects, runs `fn`, logs off. Returns the connection error (as text) instead of
 * throwing when AMI cannot be used at all.
 */
async function withAmi<T>(ami: AmiConfig, fn: (client: AmiClient) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  if (!ami.username || !ami.secret) return { ok: false, error: 'AMI_USERNAME and AMI_SECRET must be set to reach AMI' };
  let client: AmiClient;
  try {
    client = await AmiClient.connect({ host: ami.host, port: ami.port, username: ami.username, secret: ami.secret, timeoutMs: ami.timeoutMs });
  } catch (e) {
    return { ok: false, error: message(e) };
  }
  try {
    return { ok: true, value: await fn(client) };
  } finally {
    await client.logoff().catch(() => client.close());
  }
}

/** The AstDB value: one line saying when, which rule and which run. */
export function lockValue(now: Date, rule: string | null, runId: number | null): string {
  return `${iso(now)} ${rule ?? 'manual'}${runId === null ? '' : ` run ${runId}`}`;
}

/** Locks each request; AMI failures become pending records. Requests must already have passed the policy. */
export async function lockExtensions(requests: readonly LockRequest[], ctx: LockoutContext): Promise<LockOutcome[]> {
  if (requests.length === 0) return [];
  const outcomes: LockOutcome[] = [];
  const session = await withAmi(ctx.ami, async (client) => {
    for (const r of requests) outcomes.push(await lockOne(client, r, ctx));
  });
  if (!session.ok) {
    for (const r of requests.slice(outcomes.length)) outcomes.push(await recordPending(r, session.error, ctx));
  }
  return outcomes;
}

async function lockOne(client: AmiClient, r: LockRequest, context: LockoutContext): Promise<LockOutcome> {
  const ctx = r.actor ? { ...context, actor: r.actor } : context;
  const at = iso(ctx.now);
  const runId = r.runId === undefined ? ctx.runId : r.runId;
  const problem = extensionProblem(r.extension);
  if (problem) {
    // Never retried: a pending lock under such a name (an older version accepted it) ends here as failed.
    await ctx.recorder.upsertLockout({ extension: r.extension, status: 'failed', reason: r.reason, rule: r.rule, runId, actor: ctx.actor, expiresAt: null, error: `refused: ${problem}`, at });
    await ctx.recorder.addLockoutEvent({ extension: r.extension, action: 'fail', actor: ctx.actor, detail: `refused: ${problem}`, at });
    return { extension: r.extension, status: 'failed', detail: `refused: ${problem}`, hungUp: [] };
  }
  try {
    const put = await client.action([
      ['Action', 'DBPut'],
      ['Family', ctx.family],
      ['Key', r.extension],
      ['Val', lockValue(ctx.now, r.rule, runId)],
    ]);
    if (put.response !== 'Success') throw new AmiError(`DBPut ${ctx.family}/${r.extension} refused: ${put.get('Message') ?? put.response ?? '?'}`);
  } catch (e) {
    // No lock (a manager user without "system" write, say), but the calls in progress
    // cost money now and the user may still hang them up: do, and say both.
    const pending = await recordPending(r, message(e), ctx);
    if (!ctx.hangup) return pending;
    const h = await hangUp(client, r.extension, ctx, at);
    return { ...pending, detail: `${pending.detail}; NOT locked, but ${h.hungUp.length ? `its live calls were hung up: ${h.hungUp.join(', ')}` : h.text}`, hungUp: h.hungUp };
  }
  const expiresAt = ctx.expiryHours ? iso(new Date(ctx.now.getTime() + ctx.expiryHours * 3_600_000)) : null;
  await ctx.recorder.upsertLockout({ extension: r.extension, status: 'active', reason: r.reason, rule: r.rule, runId, actor: ctx.actor, expiresAt, error: null, at });
  await ctx.recorder.addLockoutEvent({ extension: r.extension, action: 'lock', actor: ctx.actor, detail: `AstDB ${ctx.family}/${r.extension} set: ${r.reason}`, at });
  if (!ctx.hangup) return { extension: r.extension, status: 'active', detail: `locked: ${r.reason}`, hungUp: [] };
  const h = await hangUp(client, r.extension, ctx, at);
  return { extension: r.extension, status: 'active', detail: `locked: ${r.reason}; ${h.text}`, hungUp: h.hungUp };
}

/**
 * Hangs up the extension's live calls, recording what happened. One Hangup with its
 * channel regex takes them all, unless CoreShowChannels shows one of them on an
 * emergency call: then that one stays up and the others are hung up by name.
 */
async function hangUp(client: AmiClient, extension: string, ctx: LockoutContext, at: string): Promise<{ hungUp: string[]; text: string }> {
  try {
    const regex = channelRegex(extension);
    const channels = await extensionChannels(client, regex, ctx.emergency);
    let hungUp: string[];
    if (channels?.emergency.length) {
      hungUp = [];
      for (const channel of channels.other) {
        const r = await client.action([['Action', 'Hangup'], ['Channel', channel], ['Cause', String(ctx.hangupCause ?? 21)]]);
        if (r.response === 'Success') hungUp.push(channel);
      }
    } else {
      const list = await client.actionList([
        ['Action', 'Hangup'],
        ['Channel', regex],
        ['Cause', String(ctx.hangupCause ?? 21)],
      ]);
      if (list.response.response !== 'Success') throw new AmiError(`Hangup refused: ${list.response.get('Message') ?? '?'}`);
      hungUp = list.events.map((e) => e.get('Channel') ?? '?');
    }
    const kept = channels?.emergency.map((c) => `left ${c.channel} up: an emergency call (${c.number})`) ?? [];
    const text = [hungUp.length ? `hung up ${hungUp.join(', ')}` : 'no live calls to hang up', ...kept].join('; ');
    await ctx.recorder.addLockoutEvent({ extension, action: 'hangup', actor: ctx.actor, detail: text, at });
    return { hungUp, text };
  } catch (e) {
    // A lock that holds still refuses new calls; only the calls in progress go on.
    const text = `live calls not hung up: ${message(e)}`;
    await ctx.recorder.addLockoutEvent({ extension, action: 'fail', actor: ctx.actor, detail: text, at });
    return { hungUp: [], text };
  }
}

/**
 * The extension's channels from CoreShowChannels, or null when the list cannot be had
 * (then the regex Hangup goes ahead: the fraud's calls cost money every minute, and a
 * manager user that may DBPut may also list channels, so this is rare).
 */
async function extensionChannels(client: AmiClient, regex: string, emergency: readonly string[]) {
  if (!emergency.length) return null;
  try {
    const list = await client.actionList([['Action', 'CoreShowChannels']]);
    if (list.response.response !== 'Success') return null;
    const own = new RegExp(regex.slice(1, -1));
    return classifyChannels(list.events.filter((e) => e.get('Event') === 'CoreShowChannel'), (name) => own.test(name), emergency);
  } catch {
    return null;
  }
}

async function recordPending(r: LockRequest, error: string, context: LockoutContext): Promise<LockOutcome> {
  const ctx = r.actor ? { ...context, actor: r.actor } : context;
  const at = iso(ctx.now);
  const runId = r.runId === undefined ? ctx.runId : r.runId;
  await ctx.recorder.upsertLockout({ extension: r.extension, status: 'pending', reason: r.reason, rule: r.rule, runId, actor: ctx.actor, expiresAt: null, error, at });
  await ctx.recorder.addLockoutEvent({ extension: r.extension, action: 'fail', actor: ctx.actor, detail: `lock pending, retried next run: ${error}`, at });
  return { extension: r.extension, status: 'pending', detail: `lock pending (retried next run): ${error}`, hungUp: [] };
}

/** Applies a plan in the configured mode: off does nothing, dry-run only records what would be done. */
export async function applyLockouts(plan: readonly (PlannedLock & { actor?: string })[], mode: 'off' | 'dry-run' | 'enforce', ctx: LockoutContext): Promise<LockOutcome[]> {
  if (mode === 'off') return [];
  if (mode === 'enforce') return lockExtensions(plan.map((p) => ({ extension: p.extension, reason: p.reason, rule: p.rule, actor: p.actor })), ctx);
  const at = iso(ctx.now);
  const outcomes: LockOutcome[] = [];
  for (const p of plan) {
    const detail = `dry run: would lock (AstDB ${ctx.family}/${p.extension}${ctx.hangup ? ' and hang up its calls' : ''}): ${p.reason}`;
    await ctx.recorder.addLockoutEvent({ extension: p.extension, action: 'dry-run', actor: p.actor ?? ctx.actor, detail, at });
    outcomes.push({ extension: p.extension, status: 'dry-run', detail, hungUp: [] });
  }
  return outcomes;
}

/** Retries lockouts left pending by earlier runs. */
export function retryPending(pending: readonly LockoutRecord[], ctx: LockoutContext): Promise<LockOutcome[]> {
  return lockExtensions(
    pending.filter((r) => r.status === 'pending').map((r) => ({ extension: r.extension, reason: r.reason, rule: r.rule, runId: r.runId })),
    ctx,
  );
}

/**
 * Removes locks (DBDel). A key already missing from AstDB counts as unlocked, and
 * says so. `records` gives the stored lock of each extension, when there is one.
 */
export async function unlockExtensions(extensions: readonly string[], records: ReadonlyMap<string, LockoutRecord>, ctx: LockoutContext): Promise<LockOutcome[]> {
  const at = iso(ctx.now);
  const outcomes: LockOutcome[] = [];
  const fail = async (ext: string, error: string): Promise<void> => {
    await ctx.recorder.addLockoutEvent({ extension: ext, action: 'fail', actor: ctx.actor, detail: `unlock failed: ${error}`, at });
    outcomes.push({ extension: ext, status: records.get(ext)?.status ?? 'failed', detail: `unlock failed: ${error}`, hungUp: [] });
  };
  const session = await withAmi(ctx.ami, async (client) => {
    for (const ext of extensions) {
      // A lock set by hand (or by an older version) under a looser name can still be removed.
      const problem = astdbKeyProblem(ext);
      if (problem) {
        await fail(ext, `refused: ${problem}`);
        continue;
      }
      let detail: string;
      try {
        const del = await client.action([['Action', 'DBDel'], ['Family', ctx.family], ['Key', ext]]);
        if (del.response === 'Success') detail = `AstDB ${ctx.family}/${ext} deleted`;
        else if (del.get('Message') === 'Database entry could not be deleted') detail = `AstDB held no ${ctx.family}/${ext}: already unlocked`;
        else throw new AmiError(`DBDel refused: ${del.get('Message') ?? del.response ?? '?'}`);
      } catch (e) {
        await fail(ext, message(e));
        continue;
      }
      const old = records.get(ext);
      await ctx.recorder.upsertLockout({
        extension: ext,
        status: 'removed',
        reason: old?.reason ?? 'lock found only in AstDB',
        rule: old?.rule ?? null,
        runId: old?.runId ?? ctx.runId,
        actor: ctx.actor,
        expiresAt: null,
        error: null,
        at,
      });
      await ctx.recorder.addLockoutEvent({ extension: ext, action: 'unlock', actor: ctx.actor, detail, at });
      outcomes.push({ extension: ext, status: 'removed', detail: `unlocked: ${detail}`, hungUp: [] });
    }
  });
  if (!session.ok) for (const ext of extensions.slice(outcomes.length)) await fail(ext, session.error);
  return outcomes;
}

/** Active locks whose expiry has passed. */
export function expiredLocks(records: readonly LockoutRecord[], now: Date): LockoutRecord[] {
  return records.filter((r) => r.status === 'active' && r.expiresAt !== null && Date.parse(r.expiresAt) <= now.getTime());
}

export interface LockListEntry {
  extension: string;
  /** The AstDB value, or null when AstDB holds no lock. */
  astdb: string | null;
  record: LockoutRecord | null;
  /** both: consistent; astdb: locked on the PBX but unknown to tollguard; store: tollguard thinks it is locked (or pending) but AstDB is not. */
  where: 'both' | 'astdb' | 'store';
}

export interface LockListing {
  entries: LockListEntry[];
  /** Why AstDB could not be read (then only the store's view is shown). */
  astdbError: string | null;
}

/** Parses `database show FAMILY` output lines: `/tollguard/lock/1001     : value`. */
export function parseDatabaseShow(lines: readonly string[], family: string): Map<string, string> {
  const prefix = `/${family}/`;
  const out = new Map<string, string>();
  for (const line of lines) {
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    const sep = rest.indexOf(': ');
    if (sep === -1) continue;
    const key = rest.slice(0, sep).trimEnd();
    if (key.includes('/')) continue; // a deeper tree, not a lock
    out.set(key, rest.slice(sep + 2).trimEnd()); // %-25s pads short values
  }
  return out;
}

/** Reconciles the store's lockouts (active and pending) with what AstDB holds. */
export async function listLocks(records: readonly LockoutRecord[], ami: AmiConfig, family: string): Promise<LockListing> {
  const stored = new Map(records.filter((r) => r.status === 'active' || r.status === 'pending').map((r) => [r.extension, r]));
  const session = await withAmi(ami, async (client) => {
    try {
      const reply = await client.action([['Action', 'Command'], ['Command', `database show ${family}`]]);
      if (reply.response !== 'Success') throw new AmiError(`Command "database show" refused: ${reply.get('Message') ?? '?'}`);
      return parseDatabaseShow(reply.getAll('Output'), family);
    } catch (e) {
      if (!(e instanceof AmiPermissionError)) throw e;
      // Without the `command` right, DBGet each lock tollguard knows of (locks set by hand stay unseen).
      const found = new Map<string, string>();
      for (const ext of stored.keys()) {
        if (astdbKeyProblem(ext)) continue;
        const got = await client.actionList([['Action', 'DBGet'], ['Family', family], ['Key', ext]]);
        const val = got.events.find((ev) => ev.event === 'DBGetResponse')?.get('Val');
        if (val !== undefined) found.set(ext, val);
      }
      return found;
    }
  }).catch((e: unknown) => ({ ok: false as const, error: message(e) }));
  const astdb = session.ok ? session.value : new Map<string, string>();
  const entries: LockListEntry[] = [];
  for (const ext of new Set([...astdb.keys(), ...stored.keys()])) {
    const value = astdb.get(ext) ?? null;
    const record = stored.get(ext) ?? null;
    entries.push({ extension: ext, astdb: value, record, where: value !== null && record ? 'both' : value !== null ? 'astdb' : 'store' });
  }
  entries.sort((a, b) => (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0));
  return { entries, astdbError: session.ok ? null : session.error };
}
