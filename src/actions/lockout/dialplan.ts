// The dialplan that enforces a lock: before an outbound call, look the caller's
// extension up in AstDB and refuse the call when a lock key exists.
// The plain Asterisk version is the one verified on Asterisk 22.7
// (test/fixtures/asterisk-22.7/README.md); FreePBX uses its predial hook.

export type DialplanFlavour = 'asterisk' | 'freepbx';

export interface DialplanOptions {
  /** AstDB family of the locks (lockout.family). */
  family: string;
  /** FreePBX 17 runs macro contexts as Gosub (Return); 16 and older use Macro (MacroExit). */
  freepbxStyle?: 'gosub' | 'macro';
}

export function renderDialplan(flavour: DialplanFlavour, options: DialplanOptions): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(options.family)) throw new Error(`AstDB family "${options.family}" refused: letters, digits, _ and - separated by /`);
  return flavour === 'asterisk' ? asterisk(options.family) : freepbx(options.family, options.freepbxStyle ?? 'gosub');
}

function asterisk(family: string): string {
  return `; tollguard lockout for plain Asterisk (extensions.conf).
; Your extensions' context sends every call through the lock check, then on to
; the context that really dials (here "outbound"; use yours). A locked
; extension goes to [tollguard-locked]: congestion, and CDR userfield
; "tollguard-locked" so tollguard counts it as blocked.
; TG_EXT is the endpoint from the channel name (PJSIP/1001-0000002a -> 1001).
; It stops at the first "-": if an endpoint name holds a "-", use
; \${CHANNEL(endpoint)} on PJSIP instead.
; Emergency numbers: match them in [from-internal] before _X. so that a
; locked phone can still reach them.
; Load it with: asterisk -rx "dialplan reload"

[from-internal]
exten => _X.,1,Set(TG_EXT=\${CUT(CUT(CHANNEL,-,1),/,2)})
 same => n,GotoIf(\${DB_EXISTS(${family}/\${TG_EXT})}?tollguard-locked,s,1)
 same => n,Goto(outbound,\${EXTEN},1)

[tollguard-locked]
exten => s,1,NoOp(tollguard: \${TG_EXT} locked: \${DB_RESULT})
 same => n,Set(CDR(userfield)=tollguard-locked)
 same => n,Congestion(2)
`;
}

function freepbx(family: string, style: 'gosub' | 'macro'): string {
  const ret = style === 'gosub' ? 'Return()' : 'MacroExit()';
  const other = style === 'gosub' ? 'On FreePBX 16 and older (Macro), use MacroExit() instead of Return().' : 'On FreePBX 17 (Gosub), use Return() instead of MacroExit().';
  return `; tollguard lockout for FreePBX: add to /etc/asterisk/extensions_custom.conf
; (FreePBX never rewrites that file), then load it with:
;   asterisk -rx "dialplan reload"      (or fwconsole reload)
; FreePBX runs this hook before every outbound trunk Dial; AMPUSER holds the
; calling extension. PREDIAL_HOOK_RET=BYPASS skips the Dial, so a locked
; extension gets congestion and its CDR the userfield "tollguard-locked".
; Internal calls never reach the hook, so locked phones can still call
; each other and the helpdesk. Emergency calls do go through a trunk: if a
; locked phone must still reach them, skip the check on your emergency route.
; ${other}

[macro-dialout-trunk-predial-hook]
exten => s,1,GotoIf(\${DB_EXISTS(${family}/\${AMPUSER})}?locked)
 same => n,${ret}
 same => n(locked),NoOp(tollguard: \${AMPUSER} locked: \${DB_RESULT})
 same => n,Set(CDR(userfield)=tollguard-locked)
 same => n,Set(PREDIAL_HOOK_RET=BYPASS)
 same => n,Congestion(2)
 same => n,${ret}
`;
}
