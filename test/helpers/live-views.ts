// Live rule inputs built by hand: calls in progress and recent dials as the rules see them.
import type { LiveCallView, LiveExtension, LiveExtensionRule, LivePbxRule } from '../../src/detection/live/rule.js';
import type { RuleHit, Severity } from '../../src/detection/rule.js';
import { NO_HISTORY, type LiveHistory } from '../../src/profiles/live-history.js';

export const NOW = Date.parse('2026-11-25T06:20:00Z');

export function liveCall(overrides: Partial<LiveCallView> = {}): LiveCallView {
  return {
    dialled: '011882161234567', e164: '+882161234567', label: 'International Networks (+882)', countryKey: '+882',
    international: true, premium: false, highRisk: true, toll: true, allowedForward: false,
    dialledAt: NOW - 60_000, answeredAt: NOW - 50_000, inProgress: true, ratePerMinute: 2.5, costSoFar: 2.08,
    suspiciousContext: null, channel: 'PJSIP/1007-00000001', ...overrides,
  };
}

export const domestic = (overrides: Partial<LiveCallView> = {}): LiveCallView =>
  liveCall({ dialled: '2125550100', e164: '+12125550100', label: 'United States', countryKey: null, international: false, highRisk: false, toll: false, ratePerMinute: 0.02, costSoFar: 0.02, ...overrides });

export function liveExt(calls: LiveCallView[], overrides: Partial<LiveExtension> & { historyOf?: Partial<LiveHistory> } = {}): LiveExtension {
  const { historyOf, ...rest } = overrides;
  return { extension: '1007', caller: null, day: '2026-11-25', calls, recent: calls, history: { ...NO_HISTORY, ...historyOf }, costToday: calls.reduce((s, c) => s + c.costSoFar, 0), ...rest };
}

export function check(rule: LiveExtensionRule, ext: LiveExtension, options: Record<string, unknown> = {}, severity?: Severity): RuleHit | null {
  return rule.check({ ext, now: NOW, options: rule.options.parse(options), severity: severity ?? rule.meta.defaultSeverity, currency: 'USD' });
}

export function checkPbx(rule: LivePbxRule, extensions: LiveExtension[], pbxMaxDayCost: number, options: Record<string, unknown> = {}): RuleHit | null {
  return rule.check({ extensions, day: '2026-11-25', now: NOW, pbxMaxDayCost, options: rule.options.parse(options), severity: rule.meta.defaultSeverity, currency: 'USD' });
}
