// FreePBX's CDR table for tests: the layout FreePBX 16/17 creates in
// asteriskcdrdb (framework installlib/SQL/cdr.sql plus the cdr module's
// install.php columns, and linkedid/peeraccount/sequence of later versions),
// and Master.csv rows written into it as cdr_adaptive_odbc would write them:
// calldate = the call's start as the server's local time, no answer or end,
// empty strings for absent values, amaflags as a number.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { execMysql } from './mysql.js';

export function freepbxCdrDdl(table = 'cdr', o: { withoutLinkedid?: boolean; autoIncrement?: boolean } = {}): string {
  return `CREATE TABLE \`${table}\` (
  ${o.autoIncrement ? '`acctid` int(11) NOT NULL AUTO_INCREMENT,' : ''}
  \`calldate\` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  \`clid\` varchar(80) NOT NULL DEFAULT '',
  \`src\` varchar(80) NOT NULL DEFAULT '',
  \`dst\` varchar(80) NOT NULL DEFAULT '',
  \`dcontext\` varchar(80) NOT NULL DEFAULT '',
  \`channel\` varchar(80) NOT NULL DEFAULT '',
  \`dstchannel\` varchar(80) NOT NULL DEFAULT '',
  \`lastapp\` varchar(80) NOT NULL DEFAULT '',
  \`lastdata\` varchar(80) NOT NULL DEFAULT '',
  \`duration\` int(11) NOT NULL DEFAULT 0,
  \`billsec\` int(11) NOT NULL DEFAULT 0,
  \`disposition\` varchar(45) NOT NULL DEFAULT '',
  \`amaflags\` int(11) NOT NULL DEFAULT 0,
  \`accountcode\` varchar(20) NOT NULL DEFAULT '',
  \`uniqueid\` varchar(32) NOT NULL DEFAULT '',
  \`userfield\` varchar(255) NOT NULL DEFAULT '',
  \`did\` varchar(50) NOT NULL DEFAULT '',
  \`recordingfile\` varchar(255) NOT NULL DEFAULT '',
  \`cnum\` varchar(80) NOT NULL DEFAULT '',
  \`cnam\` varchar(80) NOT NULL DEFAULT '',
  \`outbound_cnum\` varchar(80) NOT NULL DEFAULT '',
  \`outbound_cnam\` varchar(80) NOT NULL DEFAULT '',
  \`dst_cnam\` varchar(80) NOT NULL DEFAULT ''${o.withoutLinkedid ? '' : `,
  \`linkedid\` varchar(32) NOT NULL DEFAULT '',
  \`peeraccount\` varchar(80) NOT NULL DEFAULT '',
  \`sequence\` int(11) NOT NULL DEFAULT 0`},
  ${o.autoIncrement ? 'PRIMARY KEY (`acctid`),' : ''}
  KEY \`calldate\` (\`calldate\`),
  KEY \`dst\` (\`dst\`),
  KEY \`accountcode\` (\`accountcode\`),
  KEY \`uniqueid\` (\`uniqueid\`),
  KEY \`did\` (\`did\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
}

const AMAFLAGS: Record<string, number> = { OMIT: 1, BILLING: 2, DOCUMENTATION: 3 };

/** One FreePBX row; absent values are ''. */
export interface FreepbxRow {
  calldate: string;
  clid?: string; src?: string; dst?: string; dcontext?: string; channel?: string; dstchannel?: string; lastapp?: string; lastdata?: string;
  duration: number; billsec: number; disposition: string; amaflags?: number; accountcode?: string; uniqueid: string; userfield?: string;
  did?: string; cnum?: string; cnam?: string; linkedid?: string; sequence?: number;
}

const COLUMNS = ['calldate', 'clid', 'src', 'dst', 'dcontext', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'duration', 'billsec', 'disposition', 'amaflags', 'accountcode', 'uniqueid', 'userfield', 'did', 'cnum', 'cnam', 'linkedid', 'sequence'] as const;

export async function insertFreepbxRows(database: string, table: string, rows: FreepbxRow[], o: { withoutLinkedid?: boolean } = {}): Promise<void> {
  const cols = COLUMNS.filter((c) => !(o.withoutLinkedid && (c === 'linkedid' || c === 'sequence')));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.flatMap((r) => cols.map((c) => r[c] ?? (c === 'amaflags' || c === 'sequence' ? 0 : '')));
    const ph = chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
    await execMysql(`INSERT INTO \`${table}\` (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${ph}`, values, database);
  }
}

/** Master.csv's 18-column rows as FreePBX would have logged the same calls (the start as calldate). */
export function freepbxRowsFromMasterCsv(file: string): FreepbxRow[] {
  const records = parse(readFileSync(file), { relax_column_count: true }) as string[][];
  return records.map((f, n) => ({
    accountcode: f[0]!, src: f[1]!, dst: f[2]!, dcontext: f[3]!, clid: f[4]!, channel: f[5]!, dstchannel: f[6]!, lastapp: f[7]!, lastdata: f[8]!,
    calldate: f[9]!, duration: Number(f[12]), billsec: Number(f[13]), disposition: f[14]!, amaflags: AMAFLAGS[f[15]!] ?? 0,
    uniqueid: f[16] ?? '', userfield: f[17] ?? '', sequence: n + 1,
  }));
}
