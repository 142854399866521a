// cdr_csv writes local time unless [csv] usegmtime=yes; tollguard reads the
// times as CDR_USE_GMT says. When they differ every call moves by the UTC
// offset: days split wrongly and after-hours rules judge the wrong hours.
import { z } from 'zod';
import { defineAuditCheck } from '../check.js';
import { category, isTrue, lastVar } from '../config/types.js';
import { at, sentences } from './describe.js';

export const cdrGmt = defineAuditCheck({
  meta: {
    id: 'cdr-gmt',
    description: 'cdr.conf [csv] usegmtime against tollguard\'s CDR_USE_GMT.',
    defaultSeverity: 'warning',
    files: ['cdr.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    if (pbx.settings.cdrSource !== 'csv') return [];
    const file = pbx.files['cdr.conf'];
    if (!file?.present) return [];
    const csv = category(file, 'csv');
    const v = csv && lastVar(csv, 'usegmtime');
    const gmt = isTrue(v?.value);
    if (gmt === pbx.settings.cdrGmt) return [];
    const w = v ?? csv ?? { file: file.name, line: 0 };
    return [{
      file: w.file,
      line: w.line,
      title: `cdr_csv writes ${gmt ? 'UTC' : 'local time'} but tollguard reads ${pbx.settings.cdrGmt ? 'UTC' : 'local time'}`,
      explanation: sentences(
        `${v ? `usegmtime=${v.value} at ${at(v)}` : 'cdr.conf sets no usegmtime in [csv] (cdr_csv\'s default is local time)'}, while CDR_USE_GMT is ${pbx.settings.cdrGmt ? 'yes' : 'no'}`,
        'Every call is then shifted by your UTC offset: days are cut at the wrong hour and after-hours rules judge the wrong hours',
      ),
      fix: `Set CDR_USE_GMT=${gmt ? 'yes' : 'no'} for tollguard (or change usegmtime in cdr.conf and reload cdr_csv)`,
    }];
  },
});
