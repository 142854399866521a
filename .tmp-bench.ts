import { createWriteStream, createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { createCsvSource } from './src/sources/cdr-csv.js';
import { PbxClock } from './src/time/pbx-clock.js';
const path = '/tmp/tg-bench-Master.csv';
const N = 500_000;
{
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < N; i++) {
    const t = 1795674912 + i * 5; const d = new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const e = new Date((t + 42) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const ans = i % 3 === 0 ? '' : `"${d}"`;
    buf += `"","10${i % 90 + 10}","0118821234${i % 1000}","outbound","""Ext ${i % 90}"" <10${i % 90 + 10}>","PJSIP/10${i % 90 + 10}-0000${(i % 65536).toString(16)}","PJSIP/trunk-0001","Dial","PJSIP/0118821234${i % 1000}@trunk,30","${d}",${ans},"${e}",42,${i % 3 === 0 ? 0 : 42},"${i % 3 === 0 ? 'NO ANSWER' : 'ANSWERED'}","DOCUMENTATION","${t}.${i}",""\n`;
    if (buf.length > 1 << 20) { out.write(buf); buf = ''; }
  }
  out.end(buf);
  await new Promise((r) => out.on('finish', r));
}
console.log(`file: ${(statSync(path).size / 1e6).toFixed(1)} MB, ${N} rows`);
const clock = new PbxClock('America/New_York');
for (const parser of ['fast', 'csv-parse', 'fast'] as const) {
  const t0 = performance.now();
  const src = createCsvSource({ paths: [path], clock, parser });
  let n = 0;
  for await (const b of src.read({ days: { from: '2026-01-01', to: '2027-12-31' }, onBadRow: () => {} })) n += b.length;
  const s = (performance.now() - t0) / 1000;
  console.log(`${parser}: ${n} CDRs in ${s.toFixed(2)} s = ${Math.round(N / s).toLocaleString()} rows/s`);
}
{
  const t0 = performance.now(); let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ relax_column_count: true }))) n++;
  const s = (performance.now() - t0) / 1000;
  console.log(`bare csv-parse stream (fields only): ${Math.round(n / s).toLocaleString()} rows/s`);
}
