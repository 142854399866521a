// Audit checks run on configuration trees written inline: an in-memory
// FileSource (globs too), the PBX model built as the CLI builds it.
import { fileURLToPath } from 'node:url';
import type { AuditCheck, AuditHit } from '../../src/audit/check.js';
import type { FileSource } from '../../src/audit/config/load.js';
import { buildPbx, DEFAULT_SETTINGS, type AuditSettings, type Pbx } from '../../src/audit/pbx/model.js';
import { readPbxFiles } from '../../src/audit/read.js';
import { commonPasswords } from '../../src/reference/common-passwords.js';

export const ETC = '/etc/asterisk';
export const AUDIT_FIXTURES = fileURLToPath(new URL('../fixtures/audit/', import.meta.url));
export const SAMPLE_CONFIGS = fileURLToPath(new URL('../fixtures/asterisk-22.7/configs/', import.meta.url));

/** Files by path relative to /etc/asterisk (or absolute). */
export function memorySource(files: Record<string, string | Buffer>): FileSource {
  const abs = new Map(Object.entries(files).map(([k, v]) => [k.startsWith('/') ? k : `${ETC}/${k}`, v]));
  return {
    glob(pattern) {
      if (!/[*?[]/.test(pattern)) return [pattern];
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
      return [...abs.keys()].filter((k) => re.test(k)).sort();
    },
    read(path) {
      const v = abs.get(path);
      if (v === undefined) return { error: 'ENOENT: no such file' };
      return { bytes: Buffer.isBuffer(v) ? v : Buffer.from(v) };
    },
  };
}

export function pbxOf(files: Record<string, string | Buffer>, settings: Partial<AuditSettings> = {}): Pbx {
  return buildPbx(readPbxFiles(ETC, memorySource(files)), { ...DEFAULT_SETTINGS, ...settings });
}

export function pbxAt(dir: string, settings: Partial<AuditSettings> = {}): Pbx {
  return buildPbx(readPbxFiles(dir), { ...DEFAULT_SETTINGS, ...settings });
}

/** One check's hits, options parsed by its schema, as runAudit runs it. */
export function runCheck(check: AuditCheck, pbx: Pbx, options: Record<string, unknown> = {}): AuditHit[] {
  return check.check({ pbx, options: check.options.parse(options), severity: check.meta.defaultSeverity, reference: { commonPasswords: commonPasswords() } });
}

export function severityOf(hit: AuditHit, check: AuditCheck): string {
  return hit.severity ?? check.meta.defaultSeverity;
}

/** A dialplan where [outbound] dials the trunk with whatever was dialled. */
export const OUTBOUND = `
[outbound]
exten => _X.,1,Dial(PJSIP/\${EXTEN}@carrier,60)
`;
