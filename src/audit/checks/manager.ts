// Shared by the manager.conf checks: is AMI on, where does it listen, who are its users.
import { category, isTrue, lastVar, objects, type Category, type ConfigVar } from '../config/types.js';
import type { Pbx } from '../pbx/model.js';

export interface Manager {
  enabled: boolean;
  enabledVar: ConfigVar | undefined;
  /** Bind address; manager.c's default is [::], every address. */
  bind: string;
  bindVar: ConfigVar | undefined;
  users: Category[];
}

export function readManager(pbx: Pbx): Manager | null {
  const file = pbx.files['manager.conf'];
  if (!file?.present) return null;
  const general = category(file, 'general');
  const enabledVar = general && lastVar(general, 'enabled');
  const bindVar = general && lastVar(general, 'bindaddr');
  return {
    enabled: isTrue(enabledVar?.value),
    enabledVar,
    bind: bindVar?.value.trim() || '::',
    bindVar,
    users: objects(file).filter((c) => c.name.toLowerCase() !== 'general'),
  };
}

/** 127.0.0.0/8 and ::1. */
export function isLoopback(address: string): boolean {
  let a = address.trim();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']'));
  else if (a.split(':').length === 2) a = a.split(':')[0]!;
  return /^127\./.test(a) || a === '::1' || a.toLowerCase() === 'localhost';
}

/** The classes of a read= or write= line (comma separated, "all" covers every one). */
export function classes(cat: Category, key: 'read' | 'write'): Set<string> {
  const out = new Set<string>();
  for (const v of cat.vars) if (v.name.toLowerCase() === key) for (const c of v.value.split(',')) out.add(c.trim().toLowerCase());
  return out;
}

/** AMI's users when AMI is on (none when it is off: nobody can log in). */
export function amiUsers(pbx: Pbx): Category[] {
  const m = readManager(pbx);
  return m?.enabled ? m.users : [];
}
