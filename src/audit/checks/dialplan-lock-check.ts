// With lockouts on (LOCKOUT_MODE dry-run or enforce), every way from your
// phones' contexts to a trunk must pass tollguard's AstDB lock check, or a
// locked extension still calls out. Emergency numbers are meant to skip it.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import type { TrunkHit } from '../pbx/walk.js';
import { at, describeNumber, describePath, q, sentences } from './describe.js';

export const dialplanLockCheck = defineAuditCheck({
  meta: {
    id: 'dialplan-lock-check',
    description: 'With lockouts on, ways from the phones\' contexts to a trunk that skip tollguard\'s lock check (DB_EXISTS on the lock family).',
    defaultSeverity: 'warning',
    files: ['extensions.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    if (pbx.settings.lockoutMode === 'off') return [];
    const hook = [...(pbx.dialplan.contexts.get('macro-dialout-trunk-predial-hook')?.extensions ?? [])].some((e) => e.priorities.some((p) => p.data.toLowerCase().includes(`db_exists(${pbx.settings.lockFamily}/`.toLowerCase())));
    const hits: AuditHit[] = [];
    for (const start of pbx.internalEntries()) {
      const unchecked = pbx.walkFrom(start.context).hits.filter((h) => !h.lockChecked && !(h.dialled.kind === 'fixed' && pbx.isEmergency(h.dialled.value)) && !(hook && /^(Macro|Gosub)\((macro|sub)?-?dialout/.test(h.target)));
      if (unchecked.length === 0) continue;
      const h: TrunkHit = unchecked.reduce((a, b) => (b.path.length < a.path.length ? b : a));
      const ctx = pbx.dialplan.contexts.get(start.context)!;
      hits.push({
        file: ctx.file,
        line: ctx.line,
        title: `Calls from ${q(start.context)} reach a trunk without tollguard's lock check`,
        explanation: sentences(
          `LOCKOUT_MODE is ${pbx.settings.lockoutMode}, but ${describeNumber(h.dialled)} from ${q(start.context)} (${at(ctx)}) reaches the trunk ${h.target} without passing DB_EXISTS(${pbx.settings.lockFamily}/...): ${describePath(h.path)}`,
          'A locked extension can still call out this way',
          unchecked.length > 1 && `${unchecked.length - 1} more way(s) skip the check too`,
        ),
        fix: `Send every call from ${q(start.context)} through the check that "tollguard dialplan" prints (on FreePBX: "tollguard dialplan --freepbx"), matching emergency numbers before it; then: asterisk -rx "dialplan reload"`,
      });
    }
    return hits;
  },
});
