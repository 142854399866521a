import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { storeSuite } from './suite.js';

storeSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-store-'));
  const path = join(dir, 'nested', 'state.db'); // openStore creates the folder
  return {
    open: (lockWaitSeconds = 5) => openStore({ statePath: path, lockWaitSeconds }),
    childArgs: ['sqlite', path],
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
