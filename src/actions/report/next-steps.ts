// What to do about an incident, in the order an admin should do it. Every
// command printed here must run as printed when pasted into a shell: the
// extension name comes from a CDR, so it is quoted, and a name that cannot be
// quoted safely (control or direction-changing characters) gets no command.
import { shellQuote } from '../../text/shell.js';
import { astdbKeyProblem, extensionProblem } from '../lockout/extension.js';
import { CLOSE_GUEST_CONTEXT, isGuestEndpoint } from '../lockout/policy.js';
import { DEFAULT_GUEST_ENDPOINTS } from '../../config/pbx.js';
import { DEFAULT_LOCK_FAMILY } from '../../config/lockout.js';
import type { ProfileCaller } from '../../profiles/daily-profile.js';
import { PBX, type Incident, type IncidentFacts } from './incidents.js';
import type { LockTargets, Report } from './report.js';

export interface Step {
  text: string;
  /** Shell commands that do it, each runnable as printed. */
  commands: string[];
}

/** Characters that would change how a command looks or what a terminal does with it. */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;

/** `tollguard lockout add EXT --reason "..."`, or null when the name cannot be put in a command. */
export function lockCommand(extension: string, reason: string): string | null {
  if (extensionProblem(extension) !== null || INVISIBLE.test(extension)) return null;
  // A name starting with "-" would be read as an option: it goes after "--".
  return extension.startsWith('-')
    ? `tollguard lockout add --reason ${shellQuote(reason)} -- ${shellQuote(extension)}`
    : `tollguard lockout add ${shellQuote(extension)} --reason ${shellQuote(reason)}`;
}

/**
 * What this run's lockout step did about the incident's extension, for the card's note:
 * a dry run (LOCKOUT_MODE=dry-run) names what it would have locked, so it is never silent.
 * The text card prints it under the steps and the HTML card above them: it names the steps, not a direction.
 */
export function lockoutNote(n: Pick<Incident, 'extension' | 'caller'>, report: Pick<Report, 'lockouts'>): string | null {
  const step = report.lockouts;
  if (!step) return null;
  const ext = n.caller ? n.caller.extension : n.extension;
  const o = ext ? step.outcomes.find((x) => x.extension === ext) : undefined;
  if (!o) return null;
  if (o.status === 'dry-run') return `Dry run (LOCKOUT_MODE=dry-run): tollguard would have locked extension ${ext} now and did not. Lock it with the lock command in this incident's steps, or set LOCKOUT_MODE=enforce.`;
  if (o.status === 'active') return `tollguard locked extension ${ext} (LOCKOUT_MODE=enforce): ${o.detail}`;
  if (o.status === 'pending') return `tollguard could not lock extension ${ext}; it retries on the next run: ${o.detail}`;
  return null;
}

/** An incident's notes: `extra` (e.g. how it grew since the last alert), then what the lockout step did. */
export function incidentNote(n: Incident, report: Pick<Report, 'lockouts'>, extra?: string): string | undefined {
  const notes = [extra, lockoutNote(n, report)].filter((x): x is string => !!x);
  return notes.length ? notes.join(' ') : undefined;
}

export function lockReason(n: Pick<Incident, 'firstDay' | 'lastDay'>): string {
  return `suspected toll fraud on ${n.firstDay === n.lastDay ? n.firstDay : `${n.firstDay} to ${n.lastDay}`}`;
}

/** A report built without the configuration's (a test's, an older caller's) locks with the defaults. */
const DEFAULT_TARGETS: LockTargets = { guestEndpoints: DEFAULT_GUEST_ENDPOINTS, family: DEFAULT_LOCK_FAMILY };

/** The steps for an incident of this report (a PBX-wide one names its biggest spenders). */
export function stepsFor(n: Incident, report: Pick<Report, 'findings' | 'lockTargets'>, facts: IncidentFacts): Step[] {
  const targets = report.lockTargets ?? DEFAULT_TARGETS;
  if (n.extension !== PBX) return nextSteps(n, facts, [], targets);
  const spenders: string[] = [];
  for (const i of n.findings) {
    const top = report.findings[i]?.evidence.topExtensions;
    if (!Array.isArray(top)) continue;
    for (const t of top as { extension?: unknown; estimatedCost?: unknown }[]) {
      if (typeof t.extension === 'string' && Number(t.estimatedCost) > 0 && !spenders.includes(t.extension)) spenders.push(t.extension);
    }
  }
  return nextSteps(n, facts, spenders.filter((e) => !isGuestEndpoint(targets.guestEndpoints, e)).slice(0, 3), targets);
}

/**
 * A guest endpoint is never locked (isGuestEndpoint in the lockout policy): its calls run
 * in the guest context, which the lock check never sees. The hole itself must be closed.
 */
function guestSteps(carrier: Step): Step[] {
  return [
    { text: `C${CLOSE_GUEST_CONTEXT.slice(1)}: calls from it reached the trunk without a password. Then make sure only your internal contexts include the outbound routes. tollguard cannot lock a guest endpoint.`, commands: [] },
    { text: 'Until it is closed, block international dialling on the trunk or the outbound route.', commands: [] },
    carrier,
  ];
}

/** No extension to lock: the dialplan or the forward must change. */
function callerSteps(n: Incident, caller: ProfileCaller, carrier: Step): Step[] {
  const steps: Step[] = [];
  if (caller.kind === 'forward') {
    steps.push({ text: `Remove or correct the forward (${caller.label}) and change the voicemail PIN or password that protects it; tollguard cannot lock a forward.`, commands: [] });
    const lock = caller.extension ? lockCommand(caller.extension, lockReason(n)) : null;
    if (lock) steps.push({ text: 'Lock the extension that owns the forward:', commands: [lock] });
  } else {
    steps.push({
      text: `Close the door in the dialplan (${caller.label}): remove the include of the outbound routes, DISA or dial-out option from the inbound context, then reload the dialplan; tollguard cannot lock a trunk.`,
      commands: ['asterisk -rx "dialplan reload"'],
    });
  }
  steps.push({ text: 'Until it is fixed, block international dialling on the trunk or the outbound route.', commands: [] }, carrier);
  return steps;
}

/** The steps for one incident; `spenders` are the extensions behind a PBX-wide incident's cost. */
export function nextSteps(n: Incident, facts: IncidentFacts, spenders: readonly string[] = [], targets: LockTargets = DEFAULT_TARGETS): Step[] {
  const carrier = carrierStep(facts);
  if (n.caller) return callerSteps(n, n.caller, carrier);
  if (isGuestEndpoint(targets.guestEndpoints, n.extension)) return guestSteps(carrier);
  if (n.extension === PBX) {
    const commands = spenders.map((e) => lockCommand(e, lockReason(n))).filter((c): c is string => c !== null);
    return [
      { text: commands.length ? 'Lock the extensions behind the cost (the biggest spenders):' : 'Find the extensions behind the cost in the report and lock them.', commands },
      { text: 'Consider blocking international dialling on the trunk until the cost is understood.', commands: [] },
      carrier,
    ];
  }
  const lock = lockCommand(n.extension, lockReason(n));
  const steps: Step[] = [lock ? { text: 'Lock the extension now:', commands: [lock] } : lockByHand(n.extension, targets.family)];
  if (n.rules.includes('suspicious-context')) {
    steps.push({ text: 'Close the hole: calls from a context that is not one of your internal contexts reached the trunk. Check allowguest and the anonymous endpoint, and that only internal contexts include your outbound routes.', commands: [] });
  } else {
    steps.push({ text: "Change the extension's SIP password (an attacker has it) and check which IP addresses registered it.", commands: [] });
  }
  steps.push(carrier);
  return steps;
}

/**
 * How to lock by hand a name tollguard puts in no command: the AstDB key the dialplan
 * check reads, typed in the Asterisk CLI. The name itself is never printed in it (it is
 * shown, escaped, in the incident's headline); a name that cannot be a key at all
 * ("/" or ":") is shut in the channel driver instead.
 */
function lockByHand(extension: string, family: string): Step {
  const why = 'its name has characters tollguard will not put in a command.';
  if (astdbKeyProblem(extension) !== null) {
    return { text: `Lock the extension on the PBX by hand: ${why} It cannot be a lock key either: disable the endpoint in its channel driver's configuration (pjsip.conf or iax.conf), then reload it (asterisk -rx "module reload res_pjsip.so" or "iax2 reload").`, commands: [] };
  }
  return { text: `Lock the extension on the PBX by hand: ${why} In the Asterisk CLI (asterisk -r): database put ${family} <the endpoint's name as shown above> manual`, commands: [] };
}

function carrierStep(facts: IncidentFacts): Step {
  const places = facts.countries.slice(0, 4).map((c) => c.label);
  if (facts.premium > 0) places.push('premium-rate numbers');
  const what = places.length ? `block ${places.join(', ')}` : 'block these destinations';
  return { text: `Ask the carrier to ${what}, and check its portal for calls still in progress.`, commands: [] };
}
