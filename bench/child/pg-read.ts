// The PostgreSQL source reading a whole cdr table. Args: URL DAY-FROM DAY-TO. Prints JSON.
import { createPgSource } from '../../src/sources/cdr-pgsql.js';
import { PbxClock } from '../../src/time/pbx-clock.js';

const [url, from, to] = process.argv.slice(2) as [string, string, string];
const source = createPgSource({ url, clock: new PbxClock('America/New_York') });
const t0 = performance.now();
let rows = 0;
for await (const batch of source.read({ days: { from, to }, onBadRow: () => {} })) rows += batch.length;
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ rows, readRows: source.stats.rowsRead, ms })}\n`);
