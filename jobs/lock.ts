// Exclusive lock files with the holder's pid: a job never overlaps itself, and
// one daemon runs per state store. A lock whose pid is gone from this host is
// stale and taken over (a killed process leaves its file behind). For SQLite the
// files sit beside the state file; for PostgreSQL, keyed by the database, in
// TOLLGUARD_STATE's folder when it is set (the service's StateDirectory, which
// `status` run outside the service's PrivateTmp also sees), else the temp folder.
// They guard one host (the store's writer lease still serialises runs across hosts).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Config } from '../src/config/load.js';
import type { JobName } from '../src/config/schedule.js';
import { makeFolder } from '../src/files/make-folder.js';
import { defaultStatePath } from '../src/store/open.js';
import { holderAlive } from '../src/store/liveness.js';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** The daemon's effective schedule, so `status` shows what runs, not what its own shell would configure. */
  schedule?: DaemonSchedule;
}

export interface DaemonSchedule {
  timezone: string;
  jobs: { job: JobName; cron: string }[];
}

export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
  constructor(readonly path: string, readonly holder: LockHolder) {
    super(`${path} is held by pid ${holder.pid} on ${holder.host} since ${holder.since}`);
  }
}

/** Folder for the state's companions (lock files, default quarantine). */
export function stateDir(config: Config): string {
  const { databaseUrl, statePath } = config.store;
  if (databaseUrl) return statePath ? dirname(statePath) : tmpdir();
  return dirname(statePath ?? defaultStatePath());
}

export function lockPath(config: Config, name: string): string {
  if (config.store.databaseUrl) {
    const key = createHash('sha1').update(config.store.databaseUrl).digest('hex').slice(0, 12);
    return join(stateDir(config), `tollguard-${key}.${name}.lock`);
  }
  return `${config.store.statePath ?? defaultStatePath()}.${name}.lock`;
}

/** Takes the lock or throws LockHeldError; returns the release function. */
export function acquireLock(path: string, schedule?: DaemonSchedule): () => void {
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), schedule };
  try {
    makeFolder(dirname(path));
  } catch (e) {
    throw new Error(`cannot create lock file ${path}: ${(e as Error).message}`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return () => {
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create lock file ${path}: ${(e as Error).message}`);
      const holder = readHolder(path);
      if (holder && holderAlive(holder)) throw new LockHeldError(path, holder);
      rmSync(path, { force: true }); // stale, or half-written by a process that died
    }
  }
  throw new LockHeldError(path, readHolder(path) ?? { pid: 0, host: 'unknown', since: 'unknown' });
}

/** Who holds the lock now, or null when nobody (or only a dead process) does. */
export function lockHolder(path: string): LockHolder | null {
  const holder = readHolder(path);
  return holder && holderAlive(holder) ? holder : null;
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

