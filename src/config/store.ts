// Where tollguard keeps its state between runs.
import { z } from 'zod';

export const storeSchema = z.strictObject({
  /** PostgreSQL URL; when set the state lives there instead of the SQLite file. Secret-bearing. */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL').optional(),
  /** SQLite file; default $XDG_DATA_HOME/tollguard/state.db (~/.local/share/tollguard/state.db). */
  statePath: z.string().min(1).optional(),
  /** How long a run waits for another run to finish before giving up with a message naming it. */
  lockWaitSeconds: z.number().int().min(0).max(86_400).default(30),
});

export type StoreConfig = z.infer<typeof storeSchema>;
