// The lockout step's lines in a job's log: what an admin reads after a nightly run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayEndIn, planLockouts } from '../../src/actions/lockout/policy.js';
import { describeLockouts } from '../../src/cli/lockout-summary.js';
import type { Finding } from '../../src/detection/rule.js';
import { PbxClock } from '../../src/time/pbx-clock.js';

const finding = (extension: string, rule: string): Finding => ({ extension, day: '2026-11-25', severity: 'critical', rule, title: rule, explanation: '', estimatedCost: 900, currency: 'USD', evidence: {}, fingerprint: `${rule}:${extension}:2026-11-25` });

test('a PBX-wide finding is skipped in words: its rule, no "*"', () => {
  const plan = planLockouts([finding('*', 'pbx-cost-cap'), finding('1001', 'irsf-burst')], new Date('2026-11-26T01:00:00Z'), { rules: [], minSeverity: 'critical', neverLock: ['1001'], maxPerRun: 3, maxFindingAgeHours: 24 }, new Set(), dayEndIn(new PbxClock('UTC')));
  const log = describeLockouts({ mode: 'enforce', plan, outcomes: [], retried: [], expired: [] });
  assert.match(log, /^tollguard: lockout skipped: pbx-cost-cap: a PBX-wide finding, no single extension to lock$/m);
  assert.match(log, /^tollguard: lockout skipped: 1001 \(irsf-burst\): never locked/m);
  assert.doesNotMatch(log, /\*/);
});
