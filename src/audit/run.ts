// One audit from a configuration folder: read the files (the edge), build the
// PBX model, run the checks. Used by `tollguard audit`, `config check` and
// the nightly report.
import { existsSync, statSync } from 'node:fs';
import type { Config } from '../config/load.js';
import { commonPasswords } from '../reference/common-passwords.js';
import { InputError } from '../sources/cdr.js';
import { runAudit } from './audit.js';
import { buildPbx, type Pbx } from './pbx/model.js';
import { readPbxFiles } from './read.js';
import type { AuditResult } from './render/result.js';
import { auditSettings } from './settings.js';

export interface AuditRun {
  result: AuditResult;
  pbx: Pbx;
}

/** Throws InputError when the folder is missing or holds none of the files the audit reads. */
export function auditFolder(etc: string, config: Config, now = new Date()): AuditRun {
  if (!existsSync(etc) || !statSync(etc).isDirectory()) throw new InputError(`${etc}: no such folder (point --etc or AUDIT_ETC at Asterisk's configuration folder)`);
  const files = readPbxFiles(etc);
  const present = Object.values(files).filter((f) => f?.present);
  if (present.length === 0) throw new InputError(`${etc} holds none of the files tollguard audits (${Object.keys(files).join(', ')}): is it Asterisk's configuration folder?`);
  const pbx = buildPbx(files, auditSettings(config));
  const findings = runAudit(pbx, { commonPasswords: commonPasswords() }, config.audit.checks);
  const read = [...new Set(present.flatMap((f) => f!.files))];
  return { pbx, result: { etc, generatedAt: now.toISOString(), files: read, findings } };
}
