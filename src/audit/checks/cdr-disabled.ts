// tollguard sees only the calls Asterisk records: CDRs turned off in cdr.conf,
// or the backend tollguard reads not loaded, leave it blind.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { category, isFalse, lastVar } from '../config/types.js';
import { at, sentences } from './describe.js';

// FreePBX-family boxes write MySQL/MariaDB through cdr_adaptive_odbc (cdr_mysql
// left Asterisk in 19), so that is the module a mysql source depends on.
const BACKEND: Record<string, { module: string; where: string }> = {
  csv: { module: 'cdr_csv.so', where: 'Master.csv' },
  postgres: { module: 'cdr_pgsql.so', where: 'PostgreSQL' },
  mysql: { module: 'cdr_adaptive_odbc.so', where: 'MySQL/MariaDB' },
};

export const cdrDisabled = defineAuditCheck({
  meta: {
    id: 'cdr-disabled',
    description: 'cdr.conf turns CDRs off, or modules.conf keeps the backend tollguard reads (cdr_csv, cdr_pgsql, cdr_adaptive_odbc) from loading.',
    defaultSeverity: 'critical',
    files: ['cdr.conf', 'modules.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    const general = category(pbx.files['cdr.conf'], 'general');
    const enable = general && lastVar(general, 'enable');
    if (enable && isFalse(enable.value)) {
      hits.push({
        file: enable.file,
        line: enable.line,
        title: 'CDRs are turned off: tollguard sees no calls',
        explanation: sentences(`enable=${enable.value} at ${at(enable)} stops Asterisk writing call records, so no fraud shows in tollguard's reports, whatever happens`),
        fix: 'Set enable=yes in [general] of cdr.conf, then: asterisk -rx "module reload cdr"',
      });
    }
    const backend = BACKEND[pbx.settings.cdrSource];
    const module = backend?.module;
    if (backend && module && pbx.modules.known && !pbx.modules.loaded(module)) {
      const f = pbx.files['modules.conf']!;
      const noload = category(f, 'modules')?.vars.find((v) => v.name.toLowerCase() === 'noload' && v.value.trim().toLowerCase().replace(/\.so$/, '') === module.replace(/\.so$/, ''));
      const w = noload ?? category(f, 'modules') ?? { file: 'modules.conf', line: 0 };
      hits.push({
        file: w.file,
        line: w.line,
        title: `${module.replace('.so', '')} does not load: tollguard's CDR source stays empty`,
        explanation: sentences(`tollguard reads CDRs from ${backend.where} (CDR_SOURCE=${pbx.settings.cdrSource}), which ${module} writes, but modules.conf ${noload ? `says noload => ${noload.value} (${at(noload)})` : 'does not load it (autoload=no without load =>)'}`),
        fix: `${noload ? `Remove that noload line` : `Add "load => ${module}" to [modules]`}, then: asterisk -rx "module load ${module}"`,
      });
    }
    return hits;
  },
});
