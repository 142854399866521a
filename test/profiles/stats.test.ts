import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countUpperTail, mad, median, negBinomialUpperTail, poissonUpperTail, robustSummary, robustSummaryInPlace, robustZ } from '../../src/profiles/stats.js';

// Reference values from scipy.stats (poisson.sf(k - 1, lambda), nbinom.sf(k - 1, r, p)).
function close(actual: number, expected: number, relTol = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * relTol, `${actual} is not within ${relTol} of ${expected}`);
}

describe('median and MAD', () => {
  it('median of odd and even counts, and of nothing', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), 0);
  });
  it('raw MAD', () => {
    assert.equal(mad([1, 1, 2, 2, 4, 6, 9]), 1);
    assert.equal(mad([1, 1, 1, 1, 9]), 0);
  });
});

describe('robustSummary', () => {
  it('scales MAD by 1.4826', () => {
    const s = robustSummary([1, 1, 2, 2, 4, 6, 9], 0.1);
    assert.equal(s.median, 2);
    close(s.scale, 1.4826);
    close(s.mean, 25 / 7);
    assert.equal(s.max, 9);
  });
  it('falls back to the mean absolute deviation when MAD is 0, and floors it', () => {
    const s = robustSummary([0, 0, 0, 0, 10], 1);
    assert.equal(s.median, 0);
    close(s.scale, 2 * 1.2533);
    assert.equal(robustSummary([3, 3, 3, 3], 1).scale, 1);
    assert.equal(robustSummary([], 2).scale, 2);
  });
  it('robust z', () => {
    assert.equal(robustZ(48, 2, 1), 46);
  });
});

describe('Poisson upper tail', () => {
  it('matches exact values far in the tail, where the simple-statistics table gives 0', () => {
    close(poissonUpperTail(15, 4), 1.993172748270997e-5);
    close(poissonUpperTail(60, 2), 1.938678163061312e-65, 1e-5);
  });
  it('matches below the mean and at the edges', () => {
    close(poissonUpperTail(3, 4), 0.7618966944464556);
    assert.equal(poissonUpperTail(0, 4), 1);
    assert.equal(poissonUpperTail(1, 0), 0);
  });
  it('is monotone in k', () => {
    let prev = 1;
    for (let k = 0; k < 40; k++) {
      const p = poissonUpperTail(k, 6.5);
      assert.ok(p <= prev + 1e-15);
      prev = p;
    }
  });
});

describe('negative binomial upper tail', () => {
  it('matches scipy', () => {
    close(negBinomialUpperTail(60, 30, 49), 0.00017275000536307709);
    close(negBinomialUpperTail(45, 30, 49), 0.026750212225462037);
    close(negBinomialUpperTail(10, 2, 6), 0.017341529915832606);
  });
  it('is wider than Poisson for overdispersed history, and countUpperTail picks it', () => {
    assert.ok(negBinomialUpperTail(60, 30, 49) > poissonUpperTail(60, 30));
    assert.equal(countUpperTail(60, 30, 49), negBinomialUpperTail(60, 30, 49));
    assert.equal(countUpperTail(15, 4, 1), poissonUpperTail(15, 4));
  });
});

describe('robustSummaryInPlace (the baselines\' path)', () => {
  // Reference: the definition, computed the slow way.
  function reference(values: number[], floor: number) {
    const n = values.length;
    if (n === 0) return { median: 0, scale: floor, mean: 0, max: 0 };
    // Sums run in ascending order, as the implementation's do (floating-point addition is not associative).
    const sorted = [...values].sort((a, b) => a - b);
    const med = median(values);
    const raw = mad(values, med);
    const meanAd = sorted.reduce((s, v) => s + Math.abs(v - med), 0) / n;
    const spread = raw > 0 ? raw * 1.4826 : meanAd * 1.2533;
    return { median: med, scale: Math.max(spread, floor), mean: sorted.reduce((s, v) => s + v, 0) / n, max: Math.max(...values) };
  }

  it('matches the definition and robustSummary on all-zero, mostly-zero and busy histories of every length', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n <= 40; n++) {
      for (const kind of ['zeros', 'sparse', 'busy', 'cost'] as const) {
        const values = Array.from({ length: n }, () =>
          kind === 'zeros' ? 0 : kind === 'sparse' ? (rand() < 0.2 ? Math.floor(rand() * 9) : 0) : kind === 'busy' ? Math.floor(rand() * 50) : Math.round(rand() * 10000) / 100,
        );
        for (const floor of [0, 1, 60]) {
          const want = reference(values, floor);
          const scratch = Float64Array.from(values);
          assert.deepEqual(robustSummaryInPlace(scratch, floor), want, `${kind} n=${n} floor=${floor}`);
          assert.deepEqual(robustSummary(values, floor), want, `${kind} n=${n} floor=${floor}`);
        }
      }
    }
  });
});
