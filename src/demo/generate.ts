// A realistic synthetic PBX history with a few injected attacks, written as
// cdr_csv does. Deterministic for a given seed. Generated a day at a time, so
// the benchmark can use it for files of millions of rows in flat memory.
import { addDays, isoWeekday } from '../time/pbx-clock.js';
import { masterCsvLine, type CsvCdr } from './master-csv-writer.js';

export interface DemoOptions {
  /** Last day of the history (normally yesterday), YYYY-MM-DD. */
  endDay: string;
  days: number;
  extensions: number;
  seed: number;
  /** Multiplies everyday traffic (the benchmark uses it for large files). */
  scale?: number;
  /** Inject the attacks (on by default). */
  attacks?: boolean;
  /** Write a couple of malformed rows so the quarantine shows in the report. */
  malformed?: boolean;
}

export interface InjectedAttack {
  id: string;
  extension: string;
  day: string;
  description: string;
}

/** The trunk every demo call leaves through; the demo configuration names it. */
export const DEMO_TRUNK = 'telco';

type Role = 'office' | 'sales-intl' | 'light' | 'dormant';
interface Ext {
  id: string;
  name: string;
  role: Role;
  contacts: string[];
  abroad: string[];
}

export function planAttacks(endDay: string): InjectedAttack[] {
  return [
    { id: 'irsf-burst', extension: '1007', day: endDay, description: 'stolen credentials: ~180 night calls in parallel to +882/+881 networks, Cuba and Somalia' },
    { id: 'guest-context', extension: 'anonymous', day: endDay, description: 'unauthenticated guest endpoint dialling Cuba through the trunk from the default context' },
    { id: 'premium-1900', extension: '1015', day: addDays(endDay, -1), description: 'evening calls to US 1-900 premium-rate numbers' },
    { id: 'sequential-probe', extension: '1012', day: addDays(endDay, -2), description: 'probing a Latvian 90x premium range number by number' },
    { id: 'dormant-wakeup', extension: '1020', day: addDays(endDay, -3), description: 'an extension silent for three weeks calling Somalia at 2 a.m.' },
  ];
}

export function* generateDemoCsv(options: DemoOptions): Generator<string> {
  const rand = mulberry32(options.seed);
  const exts = makeExtensions(options.extensions, rand);
  const firstDay = addDays(options.endDay, -(options.days - 1));
  let uid = 1_790_000_000;
  let chan = 0x1000;
  const scale = options.scale ?? 1;

  for (let day = firstDay; day <= options.endDay; day = addDays(day, 1)) {
    const records: CsvCdr[] = [];
    const weekend = isoWeekday(day) >= 6;
    const cdr = (r: Omit<CsvCdr, 'uniqueid'>) => records.push({ ...r, uniqueid: `${uid}.${(uid++ % 997) + 1}` });
    const chanId = () => (chan++ & 0xffffffff).toString(16).padStart(8, '0');

    const outbound = (ext: Ext, dialled: string, trunkNumber: string, second: number, answeredP: number, billMean: number, context = 'from-internal', endpoint = ext.id, clid = `"${ext.name}" <${ext.id}>`) => {
      const r = rand();
      const disposition = r < answeredP ? 'ANSWERED' : r < answeredP + (1 - answeredP) * 0.6 ? 'NO ANSWER' : r < answeredP + (1 - answeredP) * 0.85 ? 'BUSY' : 'FAILED';
      const ring = disposition === 'NO ANSWER' ? 30 : Math.floor(2 + rand() * 12);
      const bill = disposition === 'ANSWERED' ? Math.max(1, Math.round(-Math.log(1 - rand()) * billMean)) : 0;
      cdr({
        src: endpoint === ext.id ? ext.id : '',
        dst: dialled,
        dcontext: context,
        clid,
        channel: `PJSIP/${endpoint}-${chanId()}`,
        dstchannel: disposition === 'FAILED' ? '' : `PJSIP/${DEMO_TRUNK}-${chanId()}`,
        lastapp: 'Dial',
        lastdata: `PJSIP/${trunkNumber}@${DEMO_TRUNK},60`,
        start: stamp(day, second),
        answer: bill > 0 ? stamp(day, second + ring) : null,
        end: stamp(day, second + ring + bill),
        duration: ring + bill,
        billsec: bill,
        disposition,
      });
    };

    for (const ext of exts) {
      const busy = ext.role === 'sales-intl' ? 18 : ext.role === 'office' || ext.role === 'dormant' ? 7 : 1.5;
      // The dormant extension's user left three weeks before its attack.
      if (ext.role === 'dormant' && day > addDays(options.endDay, -24)) continue;
      const calls = poisson((weekend ? busy * 0.1 : busy) * scale, rand);
      for (let i = 0; i < calls; i++) {
        const second = businessSecond(rand);
        if (ext.role === 'sales-intl' && rand() < 0.4) {
          const n = pick(ext.abroad, rand);
          outbound(ext, `011${n}`, `011${n}`, second, 0.8, 300);
        } else {
          const n = pick(ext.contacts, rand);
          outbound(ext, n, `1${n}`, second, 0.75, 180);
        }
      }
      // Internal calls and calls from the trunk, so not every CDR is outbound.
      for (let i = poisson((weekend ? 0.3 : 3) * scale, rand); i > 0; i--) {
        const other = pick(exts, rand);
        const second = businessSecond(rand);
        const bill = Math.round(rand() * 240);
        cdr({ src: ext.id, dst: other.id, dcontext: 'from-internal', clid: `"${ext.name}" <${ext.id}>`, channel: `PJSIP/${ext.id}-${chanId()}`, dstchannel: `PJSIP/${other.id}-${chanId()}`, lastapp: 'Dial', lastdata: `PJSIP/${other.id},20`, start: stamp(day, second), answer: stamp(day, second + 3), end: stamp(day, second + 3 + bill), duration: 3 + bill, billsec: bill, disposition: 'ANSWERED' });
      }
      for (let i = poisson((weekend ? 0.2 : 2) * scale, rand); i > 0; i--) {
        const second = businessSecond(rand);
        const caller = pick(ext.contacts, rand);
        const bill = Math.round(rand() * 400);
        cdr({ src: caller, dst: `212555${ext.id.slice(-4)}`, dcontext: 'from-trunk', clid: `"CALLER" <${caller}>`, channel: `PJSIP/${DEMO_TRUNK}-${chanId()}`, dstchannel: `PJSIP/${ext.id}-${chanId()}`, lastapp: 'Dial', lastdata: `PJSIP/${ext.id},20`, start: stamp(day, second), answer: stamp(day, second + 5), end: stamp(day, second + 5 + bill), duration: 5 + bill, billsec: bill, disposition: 'ANSWERED' });
      }
    }

    if (options.attacks !== false) injectAttacks(day, options.endDay, exts, outbound, rand);
    records.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
    for (const r of records) yield masterCsvLine(r);
    if (options.malformed && day === addDays(options.endDay, -1)) {
      yield '"","1004","2125550199","from-internal","""Dave"" <1004>","PJSIP/1004-0000beef"';
      yield masterCsvLine({ src: '1004', dst: '2125550198', dcontext: 'from-internal', clid: '"Dave" <1004>', channel: 'PJSIP/1004-0000bef0', dstchannel: '', lastapp: 'Dial', lastdata: `PJSIP/12125550198@${DEMO_TRUNK},60`, start: `${day} 25:61:00`, answer: null, end: `${day} 12:00:30`, duration: 30, billsec: 0, disposition: 'NO ANSWER', uniqueid: '1790000000.bad' });
    }
  }
}

type Outbound = (ext: Ext, dialled: string, trunkNumber: string, second: number, answeredP: number, billMean: number, context?: string, endpoint?: string, clid?: string) => void;

function injectAttacks(day: string, endDay: string, exts: Ext[], outbound: Outbound, rand: () => number): void {
  const ext = (id: string) => exts.find((e) => e.id === id);
  for (const attack of planAttacks(endDay)) {
    if (attack.day !== day) continue;
    const victim = ext(attack.extension) ?? exts[0]!;
    switch (attack.id) {
      case 'irsf-burst': {
        const targets = ['88216', '8816', '5352', '25290', '88237'];
        // Six calls at a time from 01:10 for about two and a half hours.
        for (let i = 0; i < 180; i++) {
          const n = `${pick(targets, rand)}${digits(8 - Math.floor(i % 3), rand)}`;
          outbound(victim, `011${n}`, `011${n}`, 4200 + Math.floor(i / 6) * 300 + Math.floor(rand() * 60), 0.7, 400);
        }
        break;
      }
      case 'guest-context':
        for (let i = 0; i < 8; i++) {
          const n = `535${digits(7, rand)}`;
          outbound(victim, `011${n}`, `011${n}`, 14_400 + i * 90, 0.6, 200, 'default', 'anonymous', '"" <anonymous>');
        }
        break;
      case 'premium-1900':
        for (let i = 0; i < 12; i++) {
          const n = `900555${digits(4, rand)}`;
          outbound(victim, n, `1${n}`, 72_000 + i * 400, 0.9, 600);
        }
        break;
      case 'sequential-probe':
        for (let i = 0; i < 40; i++) {
          const n = `3719000${String(1000 + i).padStart(4, '0')}`;
          outbound(victim, `011${n}`, `011${n}`, 82_800 + i * 40, 0.15, 60);
        }
        break;
      case 'dormant-wakeup':
        for (let i = 0; i < 15; i++) {
          const n = `2526${digits(7, rand)}`;
          outbound(victim, `011${n}`, `011${n}`, 7200 + i * 240, 0.7, 300);
        }
        break;
    }
  }
}

const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Uma', 'Victor', 'Walter', 'Xena', 'Yusuf', 'Zoe'];
const AREA = ['212', '415', '312', '617', '646', '305', '713', '202'];
/** Country prefixes abroad and how many digits follow, so the numbers are valid: London, UK mobile, Berlin, Paris, Mexico City, Madrid. */
const ABROAD: [string, number][] = [['4420', 8], ['447', 9], ['4930', 7], ['3314', 7], ['5255', 8], ['3491', 7]];

function makeExtensions(n: number, rand: () => number): Ext[] {
  return Array.from({ length: n }, (_, i) => {
    const id = String(1001 + i);
    const role: Role = id === '1020' ? 'dormant' : id === '1003' || id === '1009' ? 'sales-intl' : i % 4 === 3 ? 'light' : 'office';
    const contacts = Array.from({ length: 25 }, () => `${pick(AREA, rand)}${2 + Math.floor(rand() * 8)}${digits(6, rand)}`);
    const abroad = role === 'sales-intl' ? Array.from({ length: 8 }, () => {
          const [prefix, rest] = pick(ABROAD, rand);
          return `${prefix}${digits(rest, rand)}`;
        }) : [];
    return { id, name: NAMES[i % NAMES.length]!, role, contacts, abroad };
  });
}

function businessSecond(rand: () => number): number {
  // Mostly 08:30-18:00, a few early or late calls.
  return rand() < 0.93 ? 30_600 + Math.floor(rand() * 34_200) : 25_200 + Math.floor(rand() * 50_400);
}

function stamp(day: string, second: number): string {
  // Calls running past midnight are written on the next day, as Asterisk would.
  const d = addDays(day, Math.floor(second / 86_400));
  const s = second % 86_400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${d} ${hh}:${mm}:${ss}`;
}

function digits(n: number, rand: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)]!;
}

function poisson(mean: number, rand: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Small seeded PRNG so the demo and the benchmark data are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
