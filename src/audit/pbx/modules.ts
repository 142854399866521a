// Which modules Asterisk loads, from modules.conf (main/loader.c): with
// autoload=yes every module is loaded except those named by noload; with
// autoload=no only load/preload/require ones. Without modules.conf tollguard
// cannot tell, so every module counts as loaded (the safe side for an audit).
import { category, isTrue, type ConfigFile } from '../config/types.js';

export interface Modules {
  loaded(module: string): boolean;
  /** Where a module was turned off, for the explanation. */
  known: boolean;
}

export function readModules(file: ConfigFile | undefined): Modules {
  const cat = category(file, 'modules');
  if (!file?.present || !cat) return { loaded: () => true, known: false };
  let autoload = false;
  const load = new Set<string>();
  const noload = new Set<string>();
  for (const v of cat.vars) {
    const name = v.name.toLowerCase();
    const mod = normalise(v.value);
    if (name === 'autoload') autoload = isTrue(v.value);
    else if (name === 'noload') noload.add(mod);
    else if (name === 'load' || name === 'preload' || name === 'require' || name === 'preload-require') load.add(mod);
  }
  return { loaded: (m) => load.has(normalise(m)) || (autoload && !noload.has(normalise(m))), known: true };
}

function normalise(m: string): string {
  const t = m.trim().toLowerCase();
  return t.endsWith('.so') ? t : `${t}.so`;
}
