// The shape of an audit check, after the detection rules (src/detection/rule.ts):
// metadata, an options schema with defaults, and a pure check over the parsed
// PBX. Checks never read files; the CLI and the nightly job do.
import type { z } from 'zod';
import type { Severity } from '../detection/rule.js';
import type { Where } from './config/types.js';
import type { AuditedFile, Pbx } from './pbx/model.js';

export interface AuditCheckMeta {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** The files it reads, for the README and --help. */
  files: readonly (AuditedFile | '*')[];
}

/** What a check returns per problem; the runner adds the check id and the configured severity. */
export interface AuditHit extends Where {
  /** Overrides the configured severity (a door that reaches a trunk is critical). */
  severity?: Severity;
  title: string;
  explanation: string;
  fix: string;
}

/** Reference data the checks need, loaded at the edge. */
export interface AuditReference {
  /** Lower-case common passwords (data/common-passwords.txt). */
  commonPasswords: ReadonlySet<string>;
}

export interface AuditCheckContext<O> {
  pbx: Pbx;
  options: O;
  severity: Severity;
  reference: AuditReference;
}

export interface AuditCheck<S extends z.ZodType = z.ZodType> {
  meta: AuditCheckMeta;
  options: S;
  check(ctx: AuditCheckContext<z.infer<S>>): AuditHit[];
}

export interface AuditFinding extends Where {
  check: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
}

export function defineAuditCheck<S extends z.ZodType>(check: AuditCheck<S>): AuditCheck<S> {
  return check;
}
