// Demo CDRs split the way Asterisk writes them: the history before the day, and
// the day's rows in the order they are written (at hangup), to append between sweeps.
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';

export const DAY = '2026-11-25';
export const ZONE = 'America/New_York';
export { DEMO_TRUNK };

export interface DemoRow {
  line: string;
  /** Naive local stamps as written. */
  start: string;
  end: string;
}

export function demoRows(): { history: string[]; day: DemoRow[] } {
  const history: string[] = [];
  const day: DemoRow[] = [];
  for (const line of generateDemoCsv({ endDay: DAY, days: 35, extensions: 25, seed: 7 })) {
    const stamps = line.match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g);
    if (!stamps) throw new Error(`demo row without stamps: ${line}`);
    const row = { line, start: stamps[0]!, end: stamps[stamps.length - 1]! };
    if (row.start.startsWith(DAY)) day.push(row);
    else history.push(line);
  }
  day.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  return { history, day };
}

/** The day's rows written after `after` and by `by` (naive local "HH:MM:SS"). */
export function written(rows: readonly DemoRow[], after: string | null, by: string): string[] {
  return rows.filter((r) => (after === null || r.end > `${DAY} ${after}`) && r.end <= `${DAY} ${by}`).map((r) => r.line);
}
