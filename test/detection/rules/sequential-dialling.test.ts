import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sequentialDialling } from '../../../src/detection/rules/sequential-dialling.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('201', DAY);
const p = (run: number) => dayProfile('201', DAY, [{ to: '+882', calls: run, answered: 0 }], { longestSequentialRun: run });

describe('sequential-dialling', () => {
  it('has defaults for every option', () => assert.doesNotThrow(() => sequentialDialling.options.parse({})));

  it('fires from minRun, critical from criticalRun', () => {
    assert.equal(runRule(sequentialDialling, p(4), b), null);
    const hit = runRule(sequentialDialling, p(5), b);
    assert.equal(severityOf(hit, 'warning'), 'warning');
    assert.match(hit!.explanation, /5 consecutive numbers dialled/);
    assert.equal(severityOf(runRule(sequentialDialling, p(10), b), 'warning'), 'critical');
    assert.equal(runRule(sequentialDialling, p(5), b, { minRun: 6 }), null);
  });
});
