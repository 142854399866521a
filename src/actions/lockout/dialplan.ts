// The dialplan that enforces a lock: before an outbound call, look the caller's
// extension up in AstDB and refuse the call when a lock key exists.
// The plain Asterisk version is the one verified on Asterisk 22.7
// (test/fixtures/asterisk-22.7-lock/README.md); FreePBX uses its predial hook.
// Nothing printed here may block an emergency call: the emergency numbers are
// matched before the check and go straight to the trunk.
import type { PbxConfig } from '../../config/pbx.js';
import { defaultEmergencyNumbers } from '../../reference/emergency-numbers.js';
import { resolveDiallingPlan } from '../../enrichment/dialling-plan.js';

export type DialplanFlavour = 'asterisk' | 'freepbx';

export interface DialplanOptions {
  /** AstDB family of the locks (lockout.family). */
  family: string;
  /** Numbers a locked phone still reaches (emergencyFor()), digits only. */
  emergency: EmergencyNumbers;
  /** FreePBX 17 runs macro contexts as Gosub (Return); 16 and older use Macro (MacroExit). */
  freepbxStyle?: 'gosub' | 'macro';
}

export interface EmergencyNumbers {
  numbers: readonly string[];
  /** Where they came from, for the printed note: "EMERGENCY_NUMBERS" or "the default for HOME_COUNTRY US". */
  source: string;
  /** Outside-line digits (TRUNK_ACCESS_CODES): 9 then 911 is an emergency call too. */
  accessCodes: readonly string[];
}

/** The emergency numbers for the dialplan: EMERGENCY_NUMBERS, else the home country's. */
export function emergencyFor(pbx: PbxConfig): EmergencyNumbers {
  const access = pbx.trunkAccessCodes;
  if (pbx.emergencyNumbers?.length) return { numbers: pbx.emergencyNumbers, source: 'EMERGENCY_NUMBERS', accessCodes: access };
  const plan = resolveDiallingPlan(pbx);
  return { numbers: defaultEmergencyNumbers(plan.homeCountry, plan.nanp), source: `the default for HOME_COUNTRY ${plan.homeCountry}; set EMERGENCY_NUMBERS to change it`, accessCodes: access };
}

/** Every digit string that is an emergency call: each number, and each behind an access code. */
export function emergencyExtensions(e: EmergencyNumbers): string[] {
  const all = [...e.numbers, ...e.accessCodes.flatMap((c) => e.numbers.map((n) => c + n))];
  for (const n of all) if (!/^[0-9]{2,16}$/.test(n)) throw new Error(`emergency number "${n}" refused: digits only`);
  return [...new Set(all)];
}

export function renderDialplan(flavour: DialplanFlavour, options: DialplanOptions): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(options.family)) throw new Error(`AstDB family "${options.family}" refused: letters, digits, _ and - separated by /`);
  return flavour === 'asterisk' ? asterisk(options.family, options.emergency) : freepbx(options.family, options.emergency, options.freepbxStyle ?? 'gosub');
}

function asterisk(family: string, emergency: EmergencyNumbers): string {
  const exts = emergencyExtensions(emergency);
  if (!exts.length) throw new Error('no emergency numbers: a locked phone must still reach the emergency services');
  return `; tollguard lockout for plain Asterisk (extensions.conf).
; Your extensions' context sends every call through the lock check, then on to
; the context that really dials (here "outbound"; use yours).
; Emergency numbers (${emergency.numbers.join(' ')}: ${emergency.source})
; come first and go straight to that context, never through the check: a
; locked phone still reaches them. Keep them first when you adapt this.
; A locked extension goes to [tollguard-locked] with the number it dialled:
; congestion, the CDR's dst is the number and its userfield
; "tollguard-locked:NUMBER", so reports show where blocked attempts went.
; Asterisk writes those CDRs only with unanswered=yes in cdr.conf.
; TG_EXT is the endpoint from the channel name (PJSIP/1001-0000002a -> 1001).
; It stops at the first "-": if an endpoint name holds a "-", use
; \${CHANNEL(endpoint)} on PJSIP instead.
; Load it with: asterisk -rx "dialplan reload"

[from-internal]
${exts.map((n) => `exten => ${n},1,Goto(outbound,\${EXTEN},1)`).join('\n')}
exten => _X.,1,Set(TG_EXT=\${CUT(CUT(CHANNEL,-,1),/,2)})
 same => n,GotoIf(\${DB_EXISTS(${family}/\${TG_EXT})}?tollguard-locked,\${EXTEN},1)
 same => n,Goto(outbound,\${EXTEN},1)

[tollguard-locked]
exten => _[+0-9].,1,NoOp(tollguard: \${TG_EXT} locked: \${DB_RESULT})
 same => n,Set(CDR(userfield)=tollguard-locked:\${EXTEN})
 same => n,Congestion(2)
`;
}

function freepbx(family: string, emergency: EmergencyNumbers, style: 'gosub' | 'macro'): string {
  const exts = emergencyExtensions(emergency);
  if (!exts.length) throw new Error('no emergency numbers: a locked phone must still reach the emergency services');
  const ret = style === 'gosub' ? 'Return()' : 'MacroExit()';
  const other = style === 'gosub' ? 'On FreePBX 16 and older (Macro), print it with --macro: it ends with MacroExit().' : 'On FreePBX 17 (Gosub), print it without --macro: it ends with Return().';
  const isEmergency = exts.map((n) => `"\${DIAL_NUMBER}" = "${n}"`).join(' | ');
  return `; tollguard lockout for FreePBX: add to /etc/asterisk/extensions_custom.conf
; (FreePBX never rewrites that file), then load it with:
;   asterisk -rx "dialplan reload"      (or fwconsole reload)
; FreePBX's macro-dialout-trunk runs this hook just before it Dials the trunk,
; on every outbound route; AMPUSER holds the calling extension (set by
; macro-user-callerid from the phone's caller ID) and DIAL_NUMBER the number.
; Emergency calls are never checked: a route marked "Emergency" in Outbound
; Routes sets EMERGENCYROUTE=YES, and the emergency numbers
; (${emergency.numbers.join(' ')}: ${emergency.source}) pass whatever the route.
; A locked extension goes to [tollguard-locked] with the number it dialled:
; congestion, the CDR's dst is the number and its userfield
; "tollguard-locked:NUMBER" (CDRs of refused calls need unanswered=yes).
; Internal calls never reach the hook: locked phones still call each other.
; ${other}

[macro-dialout-trunk-predial-hook]
exten => s,1,GotoIf($["\${EMERGENCYROUTE}" = "YES"]?allow)
 same => n,GotoIf($[${isEmergency}]?allow)
 same => n,GotoIf(\${DB_EXISTS(${family}/\${AMPUSER})}?tollguard-locked,\${DIAL_NUMBER},1)
 same => n(allow),${ret}

[tollguard-locked]
exten => _[+0-9].,1,NoOp(tollguard: \${AMPUSER} locked: \${DB_RESULT})
 same => n,Set(CDR(userfield)=tollguard-locked:\${EXTEN})
 same => n,Congestion(2)
`;
}
