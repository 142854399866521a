// The contexts a PBX's dialplan uses, per dialplan family (PBX_DIALPLAN). Plain
// Asterisk names its own; FreePBX (and Issabel, VitalPBX, IncrediblePBX) generate
// theirs, as its core module writes extensions_additional.conf (FreePBX core
// functions.inc.php, release/16.0 and 17.0):
// - phones are in from-internal, which includes from-internal-xfer,
//   from-internal-additional, ext-local (the extensions) and outbound-allroutes,
//   which includes one outrt-N context per outbound route; the routes call
//   macro-dialout-trunk (Macro, FreePBX 16) which Dials the trunk;
// - trunks deliver to from-trunk (from-pstn and its variants are aliases), which
//   goes through ext-did / ext-did-0001 / ext-did-0002 (CDR(did) is set there) to
//   from-did-direct (an extension) or a ring group (ext-group), queue
//   (ext-queues), follow-me (ext-findmefollow);
// - ring groups, queues and follow-me ring their members through Local channels:
//   Local/101@from-queue/n (queue members, via from-queue-exten-only),
//   Local/FMPR-101@from-internal (follow-me's primary extension),
//   Local/FMGL-5551234#@from-internal (follow-me's list: the number with "#";
//   that channel has NoCDR and dials Local/5551234@from-internal, whose record
//   is the call out); CDR(cnum) is CALLERID(num) as macro-user-callerid saw it.

export const DIALPLANS = ['asterisk', 'freepbx'] as const;
export type DialplanFamily = (typeof DIALPLANS)[number];

export const CONTEXT_PRESETS: Record<DialplanFamily, { internal: string[]; trunk: string[] }> = {
  asterisk: {
    internal: ['from-internal', 'from-internal-*', 'outbound', 'outbound-*', 'outrt-*'],
    trunk: ['from-trunk', 'from-pstn', 'from-trunk-*'],
  },
  freepbx: {
    internal: ['from-internal', 'from-internal-*', 'ext-local', 'outbound-allroutes', 'outrt-*', 'macro-dialout-trunk', 'macro-dialout-*', 'sub-dialout-trunk', 'sub-dialout-*'],
    trunk: ['from-trunk', 'from-trunk-*', 'from-pstn', 'from-pstn-*', 'from-did-direct', 'ext-did', 'ext-did-*'],
  },
};

/** Contexts only FreePBX's generated dialplan uses (from-internal and from-trunk alone are common elsewhere too). */
const FREEPBX_ONLY = /^(ext-local|outbound-allroutes|outrt-\d+|from-internal-(xfer|noxfer|additional)|from-did-direct(-ivr)?|ext-did(-\d+|-catchall)?|from-pstn(-.+)?|ext-group|ext-queues|from-queue(-exten-only|-exten-internal)?|ext-findmefollow|macro-dial(-one|out-trunk)?|sub-dial(-one|out-trunk)?|macro-user-callerid)$/;

/** The FreePBX contexts among those seen, sorted: evidence that the PBX runs FreePBX's dialplan. */
export function freepbxContexts(seen: Iterable<string>): string[] {
  return [...new Set([...seen].filter((c) => FREEPBX_ONLY.test(c)))].sort();
}

/** A FreePBX follow-me or member Local channel's exten, as the number or extension it rings: FMGL-5551234# -> 5551234, FMPR-101 -> 101. */
export function freepbxMemberExten(exten: string): string {
  return exten.replace(/^FM(GL|PR)-/, '').replace(/#$/, '');
}
