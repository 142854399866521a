// The shipped live rules, in the order their findings are explained.
import type { LiveRule } from '../rule.js';
import { liveCallVelocity } from './call-velocity.js';
import { liveConcurrentCalls } from './concurrent-calls.js';
import { liveCostRate } from './cost-rate.js';
import { liveFirstEverHighRisk } from './first-ever-high-risk.js';
import { livePbxCostRate } from './pbx-cost-rate.js';
import { liveSuspiciousRoute } from './suspicious-route.js';

export const LIVE_RULES: LiveRule[] = [liveSuspiciousRoute, liveFirstEverHighRisk, liveConcurrentCalls, liveCostRate, livePbxCostRate, liveCallVelocity];

export function findLiveRule(id: string): LiveRule | undefined {
  return LIVE_RULES.find((r) => r.meta.id === id);
}
