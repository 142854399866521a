// Parallel reads fold parts of the rows separately and merge them: merged
// trackers must give what one tracker fed every call in order gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/demo/generate.js';
import { BurstCounter, SequenceTracker } from '../../src/profiles/concurrency.js';

/** A structured clone, as a snapshot crosses threads: plain data, no class. */
const cloned = <T>(x: T): T => structuredClone(x);

test('sequence runs merged from parts equal the run of the whole, wherever it is cut', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const rand = mulberry32(seed);
    // Runs of near numbers, repeats of one number, other lengths and random jumps.
    const numbers: string[] = [];
    let n = 4930000000 + Math.floor(rand() * 1000);
    for (let i = 0; i < 300; i++) {
      const r = rand();
      if (r < 0.5) n += 1 + Math.floor(rand() * 3);
      else if (r < 0.65) n += 0;
      else if (r < 0.75) n += 11 + Math.floor(rand() * 5);
      else if (r < 0.85) n = 4930000000 + Math.floor(rand() * 1e6);
      numbers.push(r > 0.95 ? String(n).slice(1) : String(n));
    }
    const wholeOf = (xs: string[]) => {
      const t = new SequenceTracker();
      for (const x of xs) t.add(x);
      return t;
    };
    assert.ok(wholeOf(numbers).longest > 3, 'the data has runs');
    for (let trial = 0; trial < 30; trial++) {
      const whole = wholeOf(numbers);
      const cuts = [0, ...[1, 2, 3].map(() => Math.floor(rand() * numbers.length)).sort((a, b) => a - b), numbers.length];
      const merged = new SequenceTracker();
      for (let k = 0; k + 1 < cuts.length; k++) {
        const part = new SequenceTracker();
        for (const x of numbers.slice(cuts[k], cuts[k + 1])) part.add(x);
        merged.merge(SequenceTracker.from(cloned(part)));
      }
      assert.equal(merged.longest, whole.longest, `seed ${seed}, cuts ${cuts.join(',')}`);
      // The merged tracker goes on as the whole would: the next calls extend the same run.
      const next = String(Number(numbers[numbers.length - 1]) + 1);
      for (const t of [merged, whole]) for (let i = 0; i < 8; i++) t.add(String(Number(next) + i));
      assert.equal(merged.longest, whole.longest, `seed ${seed}, cuts ${cuts.join(',')}, continued`);
    }
  }
});

test('merged trackers merge on: a repeat of the last number at a cut does not break the first run', () => {
  // [5] then [5,6,7], merged, then merged into an earlier part: the same as one tracker fed all.
  const parts = [['4930000004'], ['4930000005'], ['4930000005', '4930000006', '4930000007']];
  const tracker = (xs: string[]) => {
    const t = new SequenceTracker();
    for (const x of xs) t.add(x);
    return t;
  };
  const later = tracker(parts[1]!);
  later.merge(tracker(parts[2]!));
  const merged = tracker(parts[0]!);
  merged.merge(later);
  assert.equal(merged.longest, tracker(parts.flat()).longest);
  assert.equal(merged.longest, 4);
});

test('a run that spans a cut, or starts with a repeat of the last number, is joined', () => {
  const parts = [['4930000001', '4930000002'], ['4930000002', '4930000003', '4930000004'], ['4930000005']];
  const merged = new SequenceTracker();
  for (const p of parts) {
    const t = new SequenceTracker();
    for (const x of p) t.add(x);
    merged.merge(t);
  }
  assert.equal(merged.longest, 5);
});

test('burst counts merged from parts equal the whole, below and above the histogram switch', () => {
  for (const calls of [300, 5000]) {
    const rand = mulberry32(calls);
    const day = Date.parse('2026-03-02T05:00:00Z');
    const starts = Array.from({ length: calls }, () => day + Math.floor(rand() * 86_400_000 * (rand() < 0.3 ? 0.01 : 1)));
    const whole = new BurstCounter();
    for (const s of starts) whole.add(s);
    const cut = Math.floor(calls * 0.4);
    for (const [a, b] of [[0, cut], [cut, calls], [0, calls - 10]] as const) {
      const first = new BurstCounter();
      const second = new BurstCounter();
      starts.forEach((s, i) => (i >= a && i < b ? second : first).add(s));
      first.merge(BurstCounter.from(cloned(second)));
      assert.equal(first.max(600), whole.max(600), `${calls} calls, part ${a}-${b}`);
    }
  }
});
