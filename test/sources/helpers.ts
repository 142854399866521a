// Shared helpers for the cdr_csv tests: read a whole source, write CDR files in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BadRow, Cdr, CdrSource, DayRange } from '../../src/sources/cdr.js';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
export const ALL_DAYS: DayRange = { from: '2000-01-01', to: '2099-12-31' };

export async function readAll(source: CdrSource, days: DayRange = ALL_DAYS): Promise<{ cdrs: Cdr[]; bad: BadRow[] }> {
  const cdrs: Cdr[] = [];
  const bad: BadRow[] = [];
  for await (const batch of source.read({ days, onBadRow: (row) => bad.push(row) })) cdrs.push(...batch);
  return { cdrs, bad };
}

export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-csv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** One cdr_csv line as Asterisk writes it, 16, 18 or 21 columns. */
export function csvLine(
  columns: 16 | 17 | 18 | 21,
  p: { uid: string; src?: string; dst?: string; start?: string; answer?: string; end?: string; duration?: number; billsec?: number; disposition?: string; userfield?: string; linkedid?: string },
): string {
  const start = p.start ?? '2026-11-26 06:35:12';
  const f = [
    q(''), q(p.src ?? '1001'), q(p.dst ?? '2125551234'), q('outbound'), q(`"Alice" <${p.src ?? '1001'}>`), q(`IAX2/${p.src ?? '1001'}-1`), q('IAX2/trunk-2'),
    q('Dial'), q(`IAX2/carrier/${p.dst ?? '2125551234'},30`), q(start), p.answer === undefined ? q(start) : p.answer === '' ? '' : q(p.answer),
    q(p.end ?? start), String(p.duration ?? 0), String(p.billsec ?? 0), q(p.disposition ?? 'ANSWERED'), q('DOCUMENTATION'),
  ];
  if (columns === 17) f.push(q(p.uid));
  if (columns >= 18) f.push(q(p.uid), q(p.userfield ?? ''));
  if (columns === 21) f.push(q('peer'), q(p.linkedid ?? p.uid), '3');
  return f.join(',');
}
