// What Asterisk itself would complain about while reading the files: a missing
// #include or an include loop (Asterisk then refuses the whole file), a binary
// file, a line too long to be read, a stray "--;", an #exec tollguard does not run.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import type { ConfigProblem } from '../config/types.js';
import { at, sentences } from './describe.js';

const FIX: Record<ConfigProblem['kind'], string> = {
  'missing-include': 'Create the file, fix the path (relative paths start from the configuration folder, not from the including file), or use #tryinclude for a file that may be absent',
  'include-loop': 'Remove the #include that brings the file back into itself',
  'include-depth': 'Flatten the includes: Asterisk reads at most 10 levels',
  exec: 'Audit what the program prints: save its output to a file and #include that instead, or run tollguard audit on a copy that does',
  binary: 'Remove the file, or the glob that picks it up, from the configuration folder',
  'long-line': 'Split the line: Asterisk reads at most 8190 bytes per line',
  'too-large': 'Audit a smaller tree, or split the files',
  unreadable: 'Give the user that runs tollguard read access to the file (Asterisk must read it too)',
  syntax: 'Correct the line as the message says; asterisk -rx "core reload" then shows whether Asterisk accepts the file',
  comment: 'Balance the block comment: ";--" opens one, "--;" closes it',
};

export const configFile = defineAuditCheck({
  meta: {
    id: 'config-file',
    description: 'Problems Asterisk itself meets reading the files: missing #include, include loops, binary files, over-long lines, stray comments, #exec not followed.',
    defaultSeverity: 'warning',
    files: ['*'],
  },
  options: z.object({}),
  check({ pbx }) {
    const hits: AuditHit[] = [];
    for (const file of Object.values(pbx.files)) {
      for (const p of file?.problems ?? []) {
        const severity = p.kind === 'exec' || (p.kind === 'syntax' && !p.fileRejected) ? 'info' : undefined;
        hits.push({
          file: p.file,
          line: p.line,
          severity,
          title: p.fileRejected ? `${file!.name}: Asterisk refuses this file (${p.kind.replace('-', ' ')})` : `${file!.name}: ${p.kind.replace('-', ' ')}`,
          explanation: sentences(
            `${at(p)}: ${p.message}`,
            p.fileRejected && `When Asterisk refuses ${file!.name} it keeps the configuration it had (on a reload) or starts without it, so what runs is not what the file says; tollguard audited what it could read`,
          ),
          fix: FIX[p.kind],
        });
      }
    }
    return hits;
  },
});
