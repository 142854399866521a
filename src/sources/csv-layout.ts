// Column layouts of Asterisk's cdr_csv. The first 16 columns are fixed; then
// uniqueid (loguniqueid), userfield (loguserfield), and peeraccount, linkedid,
// sequence (newcdrcolumns). 17 columns is ambiguous: uniqueid or userfield only.
import { CSV_LAYOUTS } from '../config/cdr-input.js';

export type CsvLayoutOption = (typeof CSV_LAYOUTS)[number];
export type CsvLayoutName = Exclude<CsvLayoutOption, 'auto'>;

export interface CsvLayout {
  readonly name: CsvLayoutName;
  readonly columns: number;
  /** Column index, or -1 when the layout does not have it (the Cdr field is then ""). */
  readonly uniqueid: number;
  readonly userfield: number;
  readonly linkedid: number;
}

export const BASE_COLUMNS = [
  'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata',
  'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags',
] as const;

export const LAYOUTS: Readonly<Record<CsvLayoutName, CsvLayout>> = {
  basic16: { name: 'basic16', columns: 16, uniqueid: -1, userfield: -1, linkedid: -1 },
  uniqueid17: { name: 'uniqueid17', columns: 17, uniqueid: 16, userfield: -1, linkedid: -1 },
  userfield17: { name: 'userfield17', columns: 17, uniqueid: -1, userfield: 16, linkedid: -1 },
  standard18: { name: 'standard18', columns: 18, uniqueid: 16, userfield: 17, linkedid: -1 },
  extended21: { name: 'extended21', columns: 21, uniqueid: 16, userfield: 17, linkedid: 19 },
};

/** Column names of a layout, for error messages. */
export function columnNames(layout: CsvLayout): string[] {
  const names: string[] = [...BASE_COLUMNS];
  if (layout.uniqueid >= 0) names[layout.uniqueid] = 'uniqueid';
  if (layout.userfield >= 0) names[layout.userfield] = 'userfield';
  if (layout.name === 'extended21') names.push('peeraccount', 'linkedid', 'sequence');
  return names;
}

/**
 * The layout a column count implies: a layout, 'ambiguous' for 17 columns, or
 * undefined when no cdr_csv configuration writes that many columns.
 */
export function layoutForColumns(count: number): CsvLayout | 'ambiguous' | undefined {
  switch (count) {
    case 16: return LAYOUTS.basic16;
    case 17: return 'ambiguous';
    case 18: return LAYOUTS.standard18;
    case 21: return LAYOUTS.extended21;
    default: return undefined;
  }
}
