// The edge of the audit: reads the PBX's configuration files from a folder
// (Asterisk's astetcdir) into parsed trees. Everything after this is pure.
import { resolve } from 'node:path';
import { loadConfigFile, type FileSource } from './config/load.js';
import { diskSource } from './config/node-source.js';
import type { ConfigFile } from './config/types.js';
import { AUDITED_FILES, type AuditedFile } from './pbx/model.js';

export function readPbxFiles(etc: string, source: FileSource = diskSource): Partial<Record<AuditedFile, ConfigFile>> {
  const dir = resolve(etc);
  const files: Partial<Record<AuditedFile, ConfigFile>> = {};
  for (const name of AUDITED_FILES) files[name] = loadConfigFile(name, { etc: dir, source });
  return files;
}
