// Every command tollguard prints must run as printed: the lock command is fed
// to real shells here, with `tollguard` standing in as a function that prints
// the arguments it got.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { lockCommand, lockReason, stepsFor } from '../../../src/actions/report/next-steps.js';
import { groupIncidents, incidentFacts } from '../../../src/actions/report/incidents.js';
import { composeAlert, composeReportMail } from '../../../src/actions/email/compose.js';
import { renderHtml } from '../../../src/actions/report/html.js';
import type { LockTargets, Report } from '../../../src/actions/report/report.js';
import { renderText } from '../../../src/actions/report/text.js';
import { incidentPayload } from '../../../src/actions/webhook/payload.js';
import { isGuestEndpoint } from '../../../src/actions/lockout/policy.js';
import { emailSchema } from '../../../src/config/email.js';
import { DEFAULT_GUEST_ENDPOINTS } from '../../../src/config/pbx.js';
import { alertsOf, DAY, makeProfile, makeReport, visibleText } from '../../helpers/report.js';

/** The argv `command` gives `tollguard` in `shell`, interactive history expansion included for bash. */
function argvIn(shell: string, command: string): string[] {
  const script = `tollguard() { printf '%s\\0' "$@"; }\n${command}\n`;
  const args = shell === 'bash' ? ['-c', `set -H; ${script}`] : ['-c', script];
  return execFileSync(shell, args, { encoding: 'utf8' }).split('\0').slice(0, -1);
}

/** Names tollguard locks: what Asterisk endpoints are called. */
const NAMES = ['1007', 'sales-1', 'sales+1', 'bob@branch', 'a=b~c', 'Zoë', 'alice.smith'];
/** Names no endpoint has: the CLI refuses them (exit 2), so no command is printed for them. */
const REFUSED = ['front desk', "o'brien", 'a"b', '$(touch pwned)', '`id`', 'x;rm -rf ~', 'bang!', '-1007', 'ext*?[0]', '1007\\n'];

test('the lock command gives tollguard exactly the extension and the reason, in sh and bash', () => {
  const reason = lockReason({ firstDay: '2026-11-25', lastDay: '2026-11-25' });
  for (const name of NAMES.filter((n) => n !== '*')) {
    const command = lockCommand(name, reason)!;
    assert.ok(command, name);
    for (const shell of ['sh', 'bash']) {
      const argv = argvIn(shell, command);
      // "--" ends the options when the name starts with "-", so parseArgs reads it as the extension.
      const expected = name.startsWith('-') ? ['lockout', 'add', '--reason', reason, '--', name] : ['lockout', 'add', name, '--reason', reason];
      assert.deepEqual(argv, expected, `${shell}: ${command}`);
    }
  }
  assert.equal(lockCommand('1007', reason), "tollguard lockout add 1007 --reason 'suspected toll fraud on 2026-11-25'");
});

test('no command for a name tollguard would refuse, or one that could hide what it does', () => {
  for (const name of ['*', '', 'a/b', 'a:b', ' 1007', 'evil\u202Egnp', 'a\x1b[2Jb', 'line\nbreak', 'zero\u200bwidth', ...REFUSED]) assert.equal(lockCommand(name, 'r'), null, JSON.stringify(name));
});

/** makeReport plus a critical incident of `extension` calling out from context default, as the demo's guest `anonymous` does. */
function withIncident(extension: string, lockTargets?: LockTargets): Report {
  const r = makeReport();
  r.profiles.push(makeProfile(extension, DAY, { outboundCalls: 12, internationalCalls: 12, estimatedCost: 300 }));
  r.findings.unshift({ extension, day: DAY, severity: 'critical', rule: 'suspicious-context', title: 'Outbound calls from an unexpected context', explanation: '12 calls from context default reached the trunk.', estimatedCost: 300, currency: 'EUR', evidence: {}, fingerprint: `suspicious-context:${extension}:${DAY}` });
  r.summary.findings.critical = 2;
  if (lockTargets) r.lockTargets = lockTargets;
  return r;
}

/** Everything an admin reads about a report: text, HTML, the report and alert mails, the webhook. */
function everyOutput(r: Report): { text: string; html: string; hooks: { text: string; actions: { text: string; commands: string[] }[] }[] } {
  const email = emailSchema.parse({ from: 'tollguard@pbx.example', to: ['admin@example.com'] });
  const mail = composeReportMail(r, email);
  const alerts = alertsOf(r);
  const alert = composeAlert(alerts, r, email);
  const hooks = alerts.map((a) => {
    const p = incidentPayload(a, r);
    return { text: p.text, actions: p.tollguard.actions as { text: string; commands: string[] }[] };
  });
  return { text: [renderText(r), mail.text, alert.text].join('\n'), html: [renderHtml(r), mail.html, alert.html].map(visibleText).join('\n'), hooks };
}

test('a guest endpoint gets no lock command, in any output: the first step closes the guest context, as the lockout policy says', () => {
  const cases: [string, LockTargets | undefined][] = [
    ['anonymous', undefined],
    ['lobby', { guestEndpoints: ['lobby'], family: 'tollguard/lock' }],
  ];
  for (const [guest, targets] of cases) {
    const r = withIncident(guest, targets);
    const out = everyOutput(r);
    const hook = out.hooks.find((h) => h.text.includes(guest))!;
    for (const doc of [out.text, out.html, hook.text]) {
      assert.doesNotMatch(doc, new RegExp(`lockout add ${guest}\\b`), guest);
      assert.match(doc, /Close the guest context \(allowguest=no, no anonymous endpoint\)/, guest);
    }
    assert.match(out.text, /do now: Close the guest context/);
    assert.match(hook.actions[0]!.text, /^Close the guest context/);
    assert.deepEqual(hook.actions.flatMap((a) => a.commands), []);
    // Other extensions still get theirs.
    assert.match(out.text, /tollguard lockout add 201 /);
  }
  // The same predicate as the policy: an endpoint the configuration does not call a guest is an extension.
  assert.ok(isGuestEndpoint(DEFAULT_GUEST_ENDPOINTS, 'anonymous'));
  const notGuest = everyOutput(withIncident('anonymous', { guestEndpoints: ['lobby'], family: 'tollguard/lock' }));
  assert.match(notGuest.text, /tollguard lockout add anonymous /);
});

test('a name tollguard puts in no command gets how to lock it by hand, in the configured AstDB family, without the name in it', () => {
  for (const name of ['a|b', 'x;rm -rf ~', '$(touch pwned)']) {
    const r = withIncident(name, { guestEndpoints: [], family: 'pbx1/locks' });
    const n = groupIncidents(r).find((i) => i.extension === name)!;
    const [first] = stepsFor(n, r, incidentFacts(n));
    assert.deepEqual(first!.commands, []);
    assert.match(first!.text, /^Lock the extension on the PBX by hand: .* In the Asterisk CLI \(asterisk -r\): database put pbx1\/locks <the endpoint's name as shown above> manual$/);
    assert.ok(!first!.text.includes(name), first!.text);
  }
  // "/" cannot be in an AstDB key: no database put for it, the endpoint is shut instead.
  const r = withIncident('a/b', { guestEndpoints: [], family: 'tollguard/lock' });
  const n = groupIncidents(r).find((i) => i.extension === 'a/b')!;
  const [first] = stepsFor(n, r, incidentFacts(n));
  assert.doesNotMatch(first!.text, /database put/);
  assert.match(first!.text, /disable the endpoint/);
});
