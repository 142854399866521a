// Mail (and webhook posts) that could not be delivered wait here for the next
// run: in the state store (default) or, when EMAIL_OUTBOX is set, as one JSON
// file per message.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '../../files/make-folder.js';
import type { StateStore, StoreTx } from '../../store/store.js';
import type { QueuedWebhook } from '../webhook/payload.js';
import type { MailMessage } from './message.js';

export interface QueuedMail {
  id: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  /** As stored; checked with isMailMessage before it is sent. */
  message: unknown;
}

export interface Outbox {
  readonly description: string;
  enqueue(message: MailMessage | QueuedWebhook, error: string, at: string): Promise<void>;
  list(): Promise<QueuedMail[]>;
  remove(id: string): Promise<void>;
  markAttempt(id: string, error: string): Promise<void>;
}

/**
 * The state store's outbox. Reads see what earlier runs committed; writes go
 * through the run's transaction, so they land when the run commits. The run
 * must therefore return normally after a failed send, not throw: a run that
 * throws is rolled back, queued mail included.
 */
export function storeOutbox(store: Pick<StateStore, 'outbox' | 'description'>, tx: Pick<StoreTx, 'enqueueOutbox' | 'removeOutbox' | 'markOutboxAttempt'>): Outbox {
  return {
    description: `the outbox of state store ${store.description}`,
    enqueue: (message, error, at) => tx.enqueueOutbox(message, error, at),
    list: async () => (await store.outbox()).map((m) => ({ ...m, id: String(m.id) })),
    remove: (id) => tx.removeOutbox(Number(id)),
    markAttempt: (id, error) => tx.markOutboxAttempt(Number(id), error),
  };
}

interface OutboxFile {
  createdAt: string;
  attempts: number;
  lastError: string | null;
  message: unknown;
}

const FILE = /^\d{8}T\d{6}-[0-9a-f]{8}\.json$/;

/** A folder of <time>-<random>.json files, written atomically, readable by the owner only. */
export function folderOutbox(dir: string): Outbox {
  const ensure = (): void => {
    makeFolder(dir, 0o700);
  };
  const write = (name: string, data: OutboxFile): void => {
    ensure();
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(data)}\n`, { mode: 0o600 });
    renameSync(tmp, join(dir, name));
  };
  const read = (name: string): OutboxFile => {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8')) as OutboxFile;
    } catch (e) {
      throw new Error(`outbox ${join(dir, name)}: ${(e as Error).message}`);
    }
  };
  return {
    description: `the outbox folder ${dir}`,
    async enqueue(message, error, at) {
      const stamp = at.replace(/[-:]/g, '').slice(0, 15);
      const name = `${/^\d{8}T\d{6}$/.test(stamp) ? stamp : '00000000T000000'}-${randomBytes(4).toString('hex')}.json`;
      write(name, { createdAt: at, attempts: 1, lastError: error, message });
    },
    async list() {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => FILE.test(n)).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new Error(`outbox ${dir}: ${(e as Error).message}`);
      }
      return names.map((name) => {
        const f = read(name);
        return { id: name, createdAt: f.createdAt, attempts: f.attempts, lastError: f.lastError, message: f.message };
      });
    },
    async remove(id) {
      if (!FILE.test(id)) throw new Error(`outbox ${dir}: "${id}" is not an outbox file name`);
      rmSync(join(dir, id), { force: true });
    },
    async markAttempt(id, error) {
      if (!FILE.test(id)) throw new Error(`outbox ${dir}: "${id}" is not an outbox file name`);
      const f = read(id);
      write(id, { ...f, attempts: f.attempts + 1, lastError: error });
    },
  };
}

/** What a send that may be queued gives back: its result, or the failure and whether the item waits in the outbox. */
export type SendOrQueued<R, E extends Error> = { ok: true; result: R } | { ok: false; error: E; queued: boolean };

/**
 * Runs `send`; when it fails, queues `item` for the next run and reports the
 * failure (the caller exits non-zero). Never throws for a failed send.
 * `lost` builds the error for an item that could not even be queued.
 */
export async function sendOrEnqueue<R, E extends Error>(
  outbox: Outbox,
  item: MailMessage | QueuedWebhook,
  send: () => Promise<R>,
  o: { error(e: unknown): E; lost(error: E, why: string): E; now: () => Date },
): Promise<SendOrQueued<R, E>> {
  try {
    return { ok: true, result: await send() };
  } catch (e) {
    const error = o.error(e);
    try {
      await outbox.enqueue(item, error.message, o.now().toISOString());
      return { ok: false, error, queued: true };
    } catch (q) {
      return { ok: false, error: o.lost(error, `and it could not be queued in ${outbox.description}: ${(q as Error).message}`), queued: false };
    }
  }
}

export interface QueueFlush<E extends Error> {
  sent: number;
  /** Still queued after this run. */
  remaining: number;
  /** The last error, when something stayed queued. */
  error: E | null;
}

/**
 * Sends the queued items of one channel (`mine`), oldest first, removing what
 * was delivered. Once `down` says the other end is away, the rest are not
 * tried (each still counts an attempt); an item it refused stays queued.
 */
export async function flushQueued<M, E extends Error>(
  outbox: Outbox,
  o: { mine(message: unknown): boolean; check(message: unknown, id: string): M | E; send(message: M): Promise<unknown>; error(e: unknown): E; down(error: E): boolean },
): Promise<QueueFlush<E>> {
  const result: QueueFlush<E> = { sent: 0, remaining: 0, error: null };
  let down: E | null = null;
  for (const q of await outbox.list()) {
    if (!o.mine(q.message)) continue;
    if (down) {
      await outbox.markAttempt(q.id, down.message);
      result.remaining++;
      continue;
    }
    const message = o.check(q.message, q.id);
    if (message instanceof Error) {
      await outbox.markAttempt(q.id, message.message);
      result.remaining++;
      result.error = message;
      continue;
    }
    try {
      await o.send(message);
      await outbox.remove(q.id);
      result.sent++;
    } catch (e) {
      const error = o.error(e);
      await outbox.markAttempt(q.id, error.message);
      result.remaining++;
      result.error = error;
      if (o.down(error)) down = error;
    }
  }
  return result;
}
