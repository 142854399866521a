// The reference a user would reach for instead: DuckDB reading the same
// Master.csv and grouping it by extension (the channel's endpoint) and day,
// with calls, billed seconds and distinct numbers, on THREADS threads (2).
// Prints {groups, calls, billsec, seconds} (seconds: the query alone, the
// process's wall time is measured by the caller).
import { DuckDBInstance } from '@duckdb/node-api';

const [path, threads = '2'] = process.argv.slice(2);
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const columns = {
  accountcode: 'VARCHAR', src: 'VARCHAR', dst: 'VARCHAR', dcontext: 'VARCHAR', clid: 'VARCHAR', channel: 'VARCHAR', dstchannel: 'VARCHAR',
  lastapp: 'VARCHAR', lastdata: 'VARCHAR', start: 'TIMESTAMP', answer: 'TIMESTAMP', end: 'TIMESTAMP', duration: 'BIGINT', billsec: 'BIGINT',
  disposition: 'VARCHAR', amaflags: 'VARCHAR', uniqueid: 'VARCHAR', userfield: 'VARCHAR',
};
const spec = `{${Object.entries(columns).map(([k, v]) => `'${k}': '${v}'`).join(', ')}}`;
const sql = `
  SELECT count(*) AS groups, sum(calls) AS calls, sum(billsec) AS billsec FROM (
    SELECT regexp_extract(channel, '^[^/]+/(.+)-[^-]+$', 1) AS extension, CAST(start AS DATE) AS day,
           count(*) AS calls, sum(billsec) AS billsec, count(DISTINCT dst) AS numbers
    FROM read_csv('${path.replace(/'/g, "''")}', header = false, columns = ${spec}, quote = '"', escape = '"')
    GROUP BY extension, day
  )`;
const rows = (await con.runAndReadAll(sql)).getRowObjectsJson();
const r = rows[0];
process.stdout.write(JSON.stringify({ groups: Number(r.groups), calls: Number(r.calls), billsec: Number(r.billsec), seconds: (performance.now() - t0) / 1000 }));
