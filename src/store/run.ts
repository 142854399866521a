// The run protocol both backends share. A run takes the writer lease (which
// records a 'running' run row), buffers every write of `fn`, and applies them
// with the run's final status in ONE transaction. A run that throws records
// only its failure; a killed one leaves its 'running' row, which the next run
// marks failed when it takes over the lease.
import { hostname } from 'node:os';
import type { DayRange } from '../sources/cdr.js';
import { DAY_PATTERN } from '../time/pbx-clock.js';
import type { StoreTx } from './store.js';
import { extensionDayKey } from '../profiles/extension-day.js';

/** StoreTx without runId; what a backend applies inside its commit transaction. */
export type TxWriter = { [K in Exclude<keyof StoreTx, 'runId'>]: (...args: Parameters<StoreTx[K]>) => unknown };

/** Who holds the writer lease. */
export interface LeaseHolder {
  runId: number;
  job: string;
  pid: number;
  host: string;
  since: string;
}

export interface LeaseBackend {
  /** Takes the lease (waiting up to the configured time) and records a running run; returns its id. */
  acquire(job: string, window: DayRange | null): Promise<number>;
  /** Applies the writes, marks the run ok and frees the lease, all in one transaction. */
  commit(runId: number, ops: readonly Op[], counts: Record<string, number>, message: string | null): Promise<void>;
  /** Marks the run failed with `message` and frees the lease. */
  abandon(runId: number, counts: Record<string, number>, message: string): Promise<void>;
}

export type Op = (w: TxWriter) => unknown;

export async function runWithLease<T>(backend: LeaseBackend, job: string, window: DayRange | null, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  if (window) checkDays(window);
  const runId = await backend.acquire(job, window);
  const tx = new BufferedTx(runId);
  let result: T;
  try {
    result = await fn(tx);
    await backend.commit(runId, tx.ops, tx.counts, tx.message);
  } catch (e) {
    await backend.abandon(runId, tx.counts, e instanceof Error ? e.message : String(e)).catch(() => undefined);
    throw e;
  }
  return result;
}

export function describeHolder(h: LeaseHolder): string {
  return `run ${h.runId} (${h.job}, pid ${h.pid} on ${h.host}, since ${h.since})`;
}

export function thisProcess(): { pid: number; host: string } {
  return { pid: process.pid, host: hostname() };
}

export function checkDays(days: DayRange): void {
  if (!DAY_PATTERN.test(days.from) || !DAY_PATTERN.test(days.to) || days.from > days.to) {
    throw new Error(`invalid day range ${JSON.stringify(days)}: want YYYY-MM-DD from <= to`);
  }
}

/** Records writes for the commit; arguments are checked now so mistakes surface where they are made. */
class BufferedTx implements StoreTx {
  readonly ops: Op[] = [];
  counts: Record<string, number> = {};
  message: string | null = null;

  constructor(readonly runId: number) {}

  async replaceProfiles(...args: Parameters<StoreTx['replaceProfiles']>): Promise<void> {
    const [days, profiles] = args;
    checkDays(days);
    const seen = new Set<string>();
    for (const p of profiles) {
      if (p.day < days.from || p.day > days.to) throw new Error(`profile of ${p.extension} on ${p.day} is outside the days replaced (${days.from}..${days.to})`);
      const key = extensionDayKey(p.extension, p.day);
      if (seen.has(key)) throw new Error(`two profiles of ${p.extension} on ${p.day}`);
      seen.add(key);
    }
    this.ops.push((w) => w.replaceProfiles(days, profiles));
  }

  async replaceFindings(...args: Parameters<StoreTx['replaceFindings']>): Promise<void> {
    const [days, findings] = args;
    checkDays(days);
    const seen = new Set<string>();
    for (const f of findings) {
      if (f.day < days.from || f.day > days.to) throw new Error(`finding ${f.fingerprint} on ${f.day} is outside the days replaced (${days.from}..${days.to})`);
      if (seen.has(f.fingerprint)) throw new Error(`two findings with fingerprint ${f.fingerprint}`);
      seen.add(f.fingerprint);
    }
    this.ops.push((w) => w.replaceFindings(days, findings));
  }

  async recordDestinations(...args: Parameters<StoreTx['recordDestinations']>): Promise<void> {
    for (const d of args[0]) if (!DAY_PATTERN.test(d.day)) throw new Error(`destination ${d.country} of ${d.extension}: day "${d.day}" is not YYYY-MM-DD`);
    this.ops.push((w) => w.recordDestinations(...args));
  }

  async setIngestPosition(...args: Parameters<StoreTx['setIngestPosition']>): Promise<void> {
    this.ops.push((w) => w.setIngestPosition(...args));
  }

  async markAlerted(...args: Parameters<StoreTx['markAlerted']>): Promise<void> {
    this.ops.push((w) => w.markAlerted(...args));
  }

  async upsertLockout(...args: Parameters<StoreTx['upsertLockout']>): Promise<void> {
    this.ops.push((w) => w.upsertLockout(...args));
  }

  async addLockoutEvent(...args: Parameters<StoreTx['addLockoutEvent']>): Promise<void> {
    this.ops.push((w) => w.addLockoutEvent(...args));
  }

  async acknowledgeLockout(...args: Parameters<StoreTx['acknowledgeLockout']>): Promise<void> {
    for (const a of args[0]) checkDays({ from: a.day, to: a.day });
    const acks = args[0].map((a) => ({ ...a, rules: [...a.rules] }));
    this.ops.push((w) => w.acknowledgeLockout(acks));
  }

  async setLockoutExemption(...args: Parameters<StoreTx['setLockoutExemption']>): Promise<void> {
    this.ops.push((w) => w.setLockoutExemption(...args));
  }

  async enqueueOutbox(...args: Parameters<StoreTx['enqueueOutbox']>): Promise<void> {
    JSON.stringify(args[0]); // fails now, not at commit, on a cycle
    this.ops.push((w) => w.enqueueOutbox(...args));
  }

  async removeOutbox(...args: Parameters<StoreTx['removeOutbox']>): Promise<void> {
    this.ops.push((w) => w.removeOutbox(...args));
  }

  async markOutboxAttempt(...args: Parameters<StoreTx['markOutboxAttempt']>): Promise<void> {
    this.ops.push((w) => w.markOutboxAttempt(...args));
  }

  async setRunCounts(counts: Record<string, number>): Promise<void> {
    this.counts = { ...counts };
  }

  async setRunMessage(message: string): Promise<void> {
    this.message = message;
  }
}
