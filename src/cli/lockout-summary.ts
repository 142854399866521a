// One line per lockout decision, for the terminal and job logs.
import type { LockoutStepResult } from '../actions/lockout/commands.js';
import { oneLine } from '../actions/report/escape.js';
import { PBX_WIDE } from '../detection/rule.js';

export function describeLockouts(r: LockoutStepResult): string {
  const lines: string[] = [];
  for (const o of [...r.retried, ...r.outcomes]) lines.push(`lockout ${o.status}: ${o.extension}: ${o.detail}`);
  for (const o of r.expired) lines.push(`lockout expired: ${o.extension}: ${o.detail}`);
  // A PBX-wide finding has no extension: its rule and why, never the "*" it is keyed on.
  for (const s of r.plan.skipped) lines.push(s.extension === PBX_WIDE ? `lockout skipped: ${s.rule}: ${s.why}` : `lockout skipped: ${s.extension} (${s.rule}): ${s.why}`);
  if (!lines.length) lines.push(`lockout (${r.mode}): nothing to lock`);
  // Extensions and reasons come from CDRs: one clean line each on the terminal.
  return lines.map((l) => `tollguard: ${oneLine(l)}\n`).join('');
}
