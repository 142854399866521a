// A month of the demo PBX (no attacks) with calls no extension makes, as the
// hairpin capture shows Asterisk writes them: every day a few callers to DID
// 2125550110 are forwarded to a mobile at home (the Local channel's ;2 half
// dials the trunk, the inbound leg dials the Local channel), and on one night
// a PSTN caller is sent out again through the trunk to Cuba, over and over
// (an inbound context that includes the outbound routes). Deterministic.
import { parse } from 'csv-parse/sync';
import { DEMO_TRUNK, generateDemoCsv, mulberry32 } from '../../src/demo/generate.js';
import { masterCsvLine, type CsvCdr } from '../../src/demo/master-csv-writer.js';
import { addDays } from '../../src/time/pbx-clock.js';

export const FORWARDED_DID = '2125550110';
export const FORWARD_TO = '13125550199';
export const HAIRPIN_KEY = `trunk:${DEMO_TRUNK}@from-trunk`;
export const FORWARD_KEY = `fwd:${FORWARDED_DID}`;

export interface HairpinMonth {
  endDay: string;
  days: number;
  /** The night (its local day) of the hairpinned calls. */
  night: string;
  /** Hairpinned calls that night (the month had 18 to Cuba). */
  calls?: number;
  forwardsPerDay?: number;
  seed?: number;
}

/** The month as Master.csv lines, in the order Asterisk would write them (by end, day by day). */
export function hairpinMonth(o: HairpinMonth): string[] {
  const rand = mulberry32(o.seed ?? 17);
  const extra: CsvCdr[] = [];
  let uid = 1_795_000_000;
  let local = 0;
  const first = addDays(o.endDay, -(o.days - 1));
  for (let day = first; day <= o.endDay; day = addDays(day, 1)) {
    for (let i = 0; i < (o.forwardsPerDay ?? 3); i++) extra.push(...forward(day, 32_400 + Math.floor(rand() * 28_800), rand, `${uid++}`, local++));
    if (day === o.night) {
      for (let i = 0; i < (o.calls ?? 18); i++) extra.push(hairpin(day, 3_600 + i * 420 + Math.floor(rand() * 120), rand, `${uid++}`));
    }
  }
  const ends = (line: string) => (parse(line) as string[][])[0]![11]!;
  const lines = [...generateDemoCsv({ endDay: o.endDay, days: o.days, extensions: 12, seed: o.seed ?? 17, attacks: false })];
  const mine = extra.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0)).map((r) => ({ end: r.end, line: masterCsvLine(r) }));
  // Merged by end into the demo's rows, which are in end order day by day.
  const out: string[] = [];
  let k = 0;
  for (const line of lines) {
    const end = ends(line);
    while (k < mine.length && mine[k]!.end <= end) out.push(mine[k++]!.line);
    out.push(line);
  }
  while (k < mine.length) out.push(mine[k++]!.line);
  return out;
}

/** A caller to the DID forwarded to a mobile at home: the Local channel's row, then the inbound leg's. */
function forward(day: string, second: number, rand: () => number, uid: string, n: number): CsvCdr[] {
  const caller = `1646555${String(1000 + Math.floor(rand() * 9000))}`;
  const bill = 20 + Math.floor(rand() * 200);
  const channel = `Local/${FORWARD_TO}@outbound-${n.toString(16).padStart(8, '0')}`;
  const times = { start: stamp(day, second), answer: stamp(day, second + 6), end: stamp(day, second + 6 + bill), duration: 6 + bill, billsec: bill, disposition: 'ANSWERED' as const };
  const clid = `"CALLER" <${caller}>`;
  return [
    { src: caller, dst: FORWARD_TO, dcontext: 'outbound', clid, channel: `${channel};2`, dstchannel: `PJSIP/${DEMO_TRUNK}-f${uid.slice(-7)}`, lastapp: 'Dial', lastdata: `PJSIP/${FORWARD_TO}@${DEMO_TRUNK},60`, ...times, uniqueid: `${uid}.2` },
    { src: caller, dst: FORWARDED_DID, dcontext: 'from-trunk', clid, channel: `PJSIP/${DEMO_TRUNK}-e${uid.slice(-7)}`, dstchannel: `${channel};1`, lastapp: 'Dial', lastdata: `Local/${FORWARD_TO}@outbound,30`, ...times, uniqueid: `${uid}.0` },
  ];
}

/** A PSTN caller dialling Cuba through the PBX's inbound context. */
function hairpin(day: string, second: number, rand: () => number, uid: string): CsvCdr {
  const number = `011535${String(Math.floor(rand() * 10_000_000)).padStart(7, '0')}`;
  const bill = 60 + Math.floor(rand() * 600);
  return {
    src: `1305555${String(1000 + Math.floor(rand() * 9000))}`, dst: number, dcontext: 'from-trunk', clid: '"" <3055550000>',
    channel: `PJSIP/${DEMO_TRUNK}-h${uid.slice(-7)}`, dstchannel: `PJSIP/${DEMO_TRUNK}-i${uid.slice(-7)}`, lastapp: 'Dial', lastdata: `PJSIP/${number}@${DEMO_TRUNK},60`,
    start: stamp(day, second), answer: stamp(day, second + 4), end: stamp(day, second + 4 + bill), duration: 4 + bill, billsec: bill, disposition: 'ANSWERED', uniqueid: `${uid}.0`,
  };
}

function stamp(day: string, second: number): string {
  const d = addDays(day, Math.floor(second / 86_400));
  const s = second % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d} ${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
