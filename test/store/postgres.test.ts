import { openStore } from '../../src/store/open.js';
import { createTestDatabase } from '../helpers/pg.js';
import { storeSuite } from './suite.js';

storeSuite('PostgreSQL', async () => {
  const db = await createTestDatabase();
  return {
    open: (lockWaitSeconds = 5) => openStore({ databaseUrl: db.url, lockWaitSeconds }),
    childArgs: ['postgres', db.url],
    cleanup: () => db.drop(),
  };
});
