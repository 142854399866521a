// The shipped rules, in the order their findings are explained.
import type { Rule } from '../rule.js';
import { afterHoursIntl } from './after-hours-intl.js';
import { callVelocity } from './call-velocity.js';
import { concurrentCalls } from './concurrent-calls.js';
import { costCap } from './cost-cap.js';
import { costSpike } from './cost-spike.js';
import { dormantWakeup } from './dormant-wakeup.js';
import { failedIntlAttempts } from './failed-intl-attempts.js';
import { firstEverCountry } from './first-ever-country.js';
import { highRiskDestination } from './high-risk-destination.js';
import { intlSpike } from './intl-spike.js';
import { pbxCostCap } from './pbx-cost-cap.js';
import { premiumRate } from './premium-rate.js';
import { sequentialDialling } from './sequential-dialling.js';
import { suspiciousContext } from './suspicious-context.js';
import { trunkToTrunk } from './trunk-to-trunk.js';
import { volumeSpike } from './volume-spike.js';

export const RULES: Rule[] = [
  trunkToTrunk,
  suspiciousContext,
  intlSpike,
  highRiskDestination,
  premiumRate,
  firstEverCountry,
  costCap,
  pbxCostCap,
  costSpike,
  volumeSpike,
  failedIntlAttempts,
  afterHoursIntl,
  callVelocity,
  concurrentCalls,
  sequentialDialling,
  dormantWakeup,
];
