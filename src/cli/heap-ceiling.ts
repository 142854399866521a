// The heap ceiling the CLI runs the commands that read CDRs under. V8 lets
// its heap grow lazily up to about a quarter of the machine's RAM before it
// collects in earnest, so a report's peak RSS follows that, not what the
// report keeps alive; tollguard runs on the PBX box beside Asterisk and a
// database. A ceiling makes the collector work to stay under it. It is set by
// starting node again with --max-old-space-size (V8 reads it only at start);
// a run that still does not fit is run once more without it, with a warning,
// so a ceiling too low costs time, never a report.
import { spawn } from 'node:child_process';

/**
 * One-shot commands that read CDRs. Not the daemon: systemd signals the whole
 * group, and a second SIGTERM passed on would cut its grace period short; its
 * unit sets NODE_OPTIONS instead (docs/deployment.md).
 */
const HEAVY = new Set(['report', 'run', 'replay', 'demo']);

/**
 * Default ceiling (MB), measured (docs/benchmarks.md): a report's live heap peaks
 * at ~140 MB for 1M rows of 500 extensions; 10M rows of 2,000 extensions x 60
 * days (its JSON report alone is 228 MB) run under 1024 MB per thread without
 * the retry. On a 2-4 GB PBX box node's own limit is about this already.
 */
export const DEFAULT_HEAP_MB = 1024;

export type HeapDecision = { mb: number } | { mb: null; error?: string };

/** The ceiling to start node with for these arguments, or none (already set, turned off, or a light command). */
export function heapCeiling(args: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[]): HeapDecision {
  const command = args.find((a) => !a.startsWith('-'));
  if (command === undefined || !HEAVY.has(command) || args.includes('--help') || args.includes('-h')) return { mb: null };
  // Set by hand (node's own flag, NODE_OPTIONS): the admin's choice stands.
  if ([...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(a))) return { mb: null };
  const text = (env.TOLLGUARD_HEAP_MB ?? '').trim();
  if (text === '') return { mb: DEFAULT_HEAP_MB };
  if (text === '0') return { mb: null };
  if (!/^\d+$/.test(text) || Number(text) < 64) {
    return { mb: null, error: `TOLLGUARD_HEAP_MB=${JSON.stringify(text)} is not a size in MB of at least 64 (0 leaves the heap to node's default)` };
  }
  return { mb: Number(text) };
}

/**
 * Runs `entry` with `args` in a new node with the ceiling, passing signals on;
 * resolves to its exit code. A run that aborted (V8 aborts a process out of
 * heap) is run once more without the ceiling.
 */
export async function runUnderCeiling(entry: string, args: readonly string[], mb: number, warn: (s: string) => void): Promise<number> {
  const first = await runChild([...process.execArgv, `--max-old-space-size=${mb}`, entry, ...args], process.env);
  if (first.signal !== 'SIGABRT') return first.code;
  warn(
    `tollguard: the run stopped at the ${mb} MB heap ceiling (TOLLGUARD_HEAP_MB); running it again without one. ` +
      `Set TOLLGUARD_HEAP_MB higher, or 0 for node's default, to skip the first attempt.\n`,
  );
  return (await runChild([...process.execArgv, entry, ...args], { ...process.env, TOLLGUARD_HEAP_MB: '0' })).code;
}

function runChild(nodeArgs: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { stdio: 'inherit', env });
    // A one-shot command has no handler of its own: one signal or two (the group's and ours) end it alike.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGTERM', 'SIGINT', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve({ code: code ?? 128 + (signal === 'SIGABRT' ? 6 : signal === 'SIGKILL' ? 9 : 15), signal });
    });
  });
}
