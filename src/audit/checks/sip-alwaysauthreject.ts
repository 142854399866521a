// alwaysauthreject=no makes chan_sip answer "404 Not Found" for names that do
// not exist and "401" for those that do: a scanner learns your extensions.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { category, isFalse, lastVar } from '../config/types.js';
import { at, sentences } from './describe.js';

export const sipAlwaysauthreject = defineAuditCheck({
  meta: {
    id: 'sip-alwaysauthreject',
    description: 'chan_sip with alwaysauthreject=no: failed logins answer differently for existing and missing names.',
    defaultSeverity: 'warning',
    files: ['sip.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    if (!pbx.files['sip.conf']?.present || !pbx.modules.loaded('chan_sip.so')) return [];
    const general = category(pbx.files['sip.conf'], 'general');
    const v = general && lastVar(general, 'alwaysauthreject');
    if (!v || !isFalse(v.value)) return [];
    const hit: AuditHit = {
      file: v.file,
      line: v.line,
      title: 'chan_sip tells scanners which extensions exist (alwaysauthreject=no)',
      explanation: sentences(`alwaysauthreject=${v.value} at ${at(v)}: a request for a name that does not exist is answered differently from a wrong password, so a scanner lists your extensions first and then guesses only their passwords`),
      fix: 'Set alwaysauthreject=yes (the default since Asterisk 1.8) in [general], then: asterisk -rx "sip reload"',
    };
    return [hit];
  },
});
