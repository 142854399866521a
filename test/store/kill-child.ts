// Child for the kill test: starts a run, writes, says "writing", then waits to be killed.
import { openStore } from '../../src/store/open.js';
import { profile } from './suite.js';

const [kind, target] = process.argv.slice(2);
const store = await openStore(kind === 'postgres' ? { databaseUrl: target, lockWaitSeconds: 5 } : { statePath: target, lockWaitSeconds: 5 });
const days = { from: '2026-11-28', to: '2026-11-28' };
await store.withRun('killed-run', days, async (tx) => {
  await tx.replaceProfiles(days, [profile('1001', '2026-11-28', { outboundCalls: 999 }), profile('6666', '2026-11-28')]);
  await tx.recordDestinations([{ extension: '6666', country: 'SO', day: '2026-11-28' }]);
  await tx.setIngestPosition({ source: 'cdr', identity: '', position: 'x' });
  process.stdout.write('writing\n');
  await new Promise(() => setInterval(() => undefined, 1000));
});
