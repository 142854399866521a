import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/demo/generate.js';
import { ConcurrencyTracker } from '../../src/profiles/concurrency.js';

/** The first, plain implementation (scan every kept call): the reference the fast one must match exactly. */
class ReferenceTracker {
  private readonly recent = new Map<string, { start: number; end: number; active: number; day: string }[]>();
  private readonly peaks = new Map<string, number>();
  add(extension: string, day: string, start: number, end: number): void {
    let list = this.recent.get(extension);
    if (!list) this.recent.set(extension, (list = []));
    let active = 1;
    for (const o of list) {
      if (o.start <= start && start < o.end) active++;
      if (start <= o.start && o.start < end && o.start !== start) this.raise(extension, o.day, ++o.active);
    }
    list.push({ start, end, active, day });
    this.raise(extension, day, active);
    if (list.length >= 512) {
      list.sort((a, b) => a.end - b.end);
      list.splice(0, list.length - 256);
    }
  }
  peak(extension: string, day: string): number {
    return this.peaks.get(`${extension}|${day}`) ?? 0;
  }
  private raise(extension: string, day: string, n: number): void {
    const key = `${extension}|${day}`;
    if ((this.peaks.get(key) ?? 0) < n) this.peaks.set(key, n);
  }
}

test('concurrency peaks match the plain implementation on shuffled, overlapping, long and tied calls', () => {
  for (const seed of [1, 2, 3, 4]) {
    const rand = mulberry32(seed);
    const fast = new ConcurrencyTracker();
    const ref = new ReferenceTracker();
    const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
    // Calls roughly in end order with jitter, some long ones arriving late, equal ends, and
    // more than the kept window (512) per extension so the pruning is exercised.
    const calls: { ext: string; day: string; start: number; end: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      const ext = `10${Math.floor(rand() * 3)}`;
      const start = Math.floor(i * 20_000 + rand() * 200_000) - (rand() < 0.02 ? 3_600_000 : 0);
      const end = start + 1000 * Math.floor(rand() < 0.1 ? 0 : rand() * 400) + (rand() < 0.05 ? 7_200_000 : 0);
      calls.push({ ext, day: days[Math.floor(i / 1000)]!, start, end: Math.max(end, start + 1000) });
    }
    calls.sort((a, b) => a.end + (rand() - 0.5) * 60_000 - b.end);
    for (let i = 0; i < calls.length; i += 97) calls[i]!.end = calls[Math.max(0, i - 1)]!.end; // ties
    for (const c of calls) {
      const end = Math.max(c.end, c.start + 1000);
      fast.add(c.ext, c.day, c.start, end);
      ref.add(c.ext, c.day, c.start, end);
    }
    let nonTrivial = 0;
    for (const ext of ['100', '101', '102']) {
      for (const day of [...days, '2026-03-04']) {
        assert.equal(fast.peak(ext, day), ref.peak(ext, day), `seed ${seed} ${ext} ${day}`);
        if (ref.peak(ext, day) > 1) nonTrivial++;
      }
    }
    assert.ok(nonTrivial > 0, 'the data has overlapping calls');
  }
});

test('a call that starts during two others counts three; one that ended before does not', () => {
  const t = new ConcurrencyTracker();
  t.add('1001', 'd', 0, 10_000);
  t.add('1001', 'd', 20_000, 30_000);
  t.add('1001', 'd', 5_000, 50_000);
  t.add('1001', 'd', 25_000, 26_000);
  assert.equal(t.peak('1001', 'd'), 3);
  assert.equal(t.peak('1002', 'd'), 0);
});

test('the window is 512 calls, the new one included: a peak is at most 512, which reads "512 or more"', () => {
  for (const [calls, peak] of [[511, 511], [512, 512], [513, 512], [1000, 512]] as const) {
    const t = new ConcurrencyTracker();
    // All in progress at once, arriving in end order as Asterisk writes them.
    for (let i = 0; i < calls; i++) t.add('1001', 'd', i * 1000, 10_000_000 + i * 1000);
    assert.equal(t.peak('1001', 'd'), peak, `${calls} calls at once`);
  }
});
