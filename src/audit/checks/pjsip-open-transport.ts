// A PJSIP transport bound to every address with no ACL in front of it: every
// SIP scanner on the Internet reaches every endpoint. res_pjsip_acl's
// type=acl sections (or permit/deny/acl on every endpoint) narrow that down.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { allVars, lastVar } from '../config/types.js';
import { isAnyAddress } from '../pbx/endpoints.js';
import { at, q, sentences } from './describe.js';

/** The address part of bind=0.0.0.0:5060, [::]:5060, 0.0.0.0. */
function bindHost(bind: string): string {
  const b = bind.trim();
  if (b.startsWith('[')) return b.slice(0, b.indexOf(']') + 1);
  return b.split(':').length === 2 ? b.split(':')[0]! : b;
}

export const pjsipOpenTransport = defineAuditCheck({
  meta: {
    id: 'pjsip-open-transport',
    description: 'PJSIP transports listening on all addresses with no type=acl section and no permit/deny/acl on the endpoints.',
    defaultSeverity: 'warning',
    files: ['pjsip.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const { transports, acls, endpoints } = pbx.pjsip;
    const hasAcl = acls.some((a) => ['permit', 'deny', 'acl', 'contact_permit', 'contact_deny', 'contact_acl'].some((k) => allVars(a, k).length > 0));
    const cats = pbx.files['pjsip.conf']?.categories ?? [];
    const everyEndpointAcl = endpoints.length > 0 && endpoints.every((e) => cats.some((c) => !c.template && c.name === e.name && ['permit', 'deny', 'acl'].some((k) => allVars(c, k).length > 0)));
    if (hasAcl || everyEndpointAcl) return [];
    const hits: AuditHit[] = [];
    for (const t of transports) {
      const bind = lastVar(t, 'bind');
      if (!bind || !isAnyAddress(bindHost(bind.value))) continue;
      hits.push({
        file: bind.file,
        line: bind.line,
        title: `PJSIP transport ${q(t.name)} listens on all addresses with no ACL`,
        explanation: sentences(
          `bind=${bindHost(bind.value)} at ${at(bind)} accepts SIP from any address, and pjsip.conf has no type=acl section and no permit/deny on its endpoints`,
          'Every SIP scanner on the Internet can then try your endpoints\' passwords; a firewall in front of Asterisk does the same job, and tollguard cannot see one',
        ),
        fix: 'Bind the transport to the address your phones and carrier use (bind=192.0.2.10:5060) and add an ACL section to pjsip.conf: [acl] type=acl, deny=0.0.0.0/0.0.0.0, then permit= your phones\' networks and your carrier\'s addresses',
      });
    }
    return hits;
  },
});
