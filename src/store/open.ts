// Opens the configured state store and brings its schema up to date:
// PostgreSQL when DATABASE_URL is set, else the SQLite file.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { StoreConfig } from '../config/store.js';
import { makeFolder } from '../files/make-folder.js';
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
    // A path that cannot hold the store is configuration (exit 2), not a failed action.
    const named = `state store ${path} (${config.statePath ? 'TOLLGUARD_STATE' : 'the default; set TOLLGUARD_STATE'})`;
    try {
      makeFolder(dirname(path));
    } catch (e) {
      throw new ConfigError([`${named}: ${(e as Error).message}`]);
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
