// The PostgreSQL source: loads a benchmark Master.csv into a cdr table (the
// layout cdr_pgsql writes) in a database of its own, reads it back through
// createPgSource in a child process, and drops the database.
import { spawnSync } from 'node:child_process';
import { DAYS, END_DAY, type BenchFile } from './data.js';
import { measure } from './measure.js';
import { addDays } from '../src/time/pbx-clock.js';

const DB = 'tollguard_bench';
const SERVER = `host=${process.env.PGHOST ?? '127.0.0.1'} port=${process.env.PGPORT ?? '5432'} user=${process.env.PGUSER ?? 'postgres'}`;
const COLUMNS = 'accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,"end",duration,billsec,disposition,amaflags,uniqueid,userfield';
const TABLE = `CREATE TABLE cdr (accountcode varchar(80), src varchar(80), dst varchar(80), dcontext varchar(80), clid varchar(80),
  channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80), start timestamp, answer timestamp,
  "end" timestamp, duration integer, billsec integer, disposition varchar(45), amaflags varchar(45), userfield varchar(256),
  uniqueid varchar(150), linkedid varchar(150), peeraccount varchar(80), sequence integer);
  CREATE INDEX cdr_start_idx ON cdr (start);`;

export interface PgResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

function psql(db: string, args: string[]): void {
  const r = spawnSync('psql', [`${SERVER} dbname=${db}`, '-v', 'ON_ERROR_STOP=1', '-q', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')}: ${r.stderr || r.error?.message}`);
}

export async function pgBench(file: BenchFile, root: string, log: (s: string) => void): Promise<PgResult | null> {
  try {
    psql('postgres', ['-c', `DROP DATABASE IF EXISTS ${DB}`, '-c', `CREATE DATABASE ${DB}`]);
  } catch (e) {
    log(`PostgreSQL not measured: ${(e as Error).message.trim()}`);
    return null;
  }
  try {
    psql(DB, ['-c', TABLE, '-c', `\\copy cdr(${COLUMNS}) from '${file.path}' csv`, '-c', 'ANALYZE cdr']);
    const url = `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/${DB}`;
    const m = await measure(['--import', 'tsx', 'bench/child/pg-read.ts', url, addDays(END_DAY, -(DAYS - 1)), END_DAY], root);
    const r = JSON.parse(m.stdout) as { rows: number; readRows: number; ms: number };
    if (r.readRows !== file.rows) throw new Error(`the PostgreSQL source read ${r.readRows} rows, the table has ${file.rows}`);
    return { rows: r.readRows, seconds: r.ms / 1000, rowsPerSecond: r.readRows / (r.ms / 1000), peakRssMb: m.peakRssMb };
  } finally {
    psql('postgres', ['-c', `DROP DATABASE IF EXISTS ${DB}`]);
  }
}
