// Opens the configured state store for a command and always closes it.
import type { Config } from '../config/load.js';
import { openStore } from '../store/open.js';
import type { StateStore } from '../store/store.js';

export async function withStore<T>(config: Config, fn: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStore(config.store);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
