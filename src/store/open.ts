// Opens the configured state store and brings its schema up to date:
// PostgreSQL when DATABASE_URL is set, else the SQLite file.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StoreConfig } from '../config/store.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { StateStore } from './store.js';

export interface OpenOptions {
  /** Skip migrations (for `db migrate`, which runs them itself and reports the names). */
  migrate?: boolean;
}

export async function openStore(config: StoreConfig, options: OpenOptions = {}): Promise<StateStore> {
  let store: StateStore;
  if (config.databaseUrl) {
    store = new PostgresStore({ url: config.databaseUrl, lockWaitSeconds: config.lockWaitSeconds });
  } else {
    const path = config.statePath ?? defaultStatePath();
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw new Error(`state store: cannot create the folder for ${path}: ${(e as Error).message}`);
    }
    store = new SqliteStore({ path, lockWaitSeconds: config.lockWaitSeconds });
  }
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  return store;
}

/** $XDG_DATA_HOME/tollguard/state.db, else ~/.local/share/tollguard/state.db. */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'tollguard', 'state.db');
}
