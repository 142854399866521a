// Runs one measurement in a child process: wall time from spawn to exit and
// the child's own peak RSS (reported by child/rss.mjs, preloaded).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RSS_PRELOAD = fileURLToPath(new URL('./child/rss.mjs', import.meta.url));

export interface Measured {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

export function measure(nodeArgs: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, ...nodeArgs], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      // The CLI may run its work in a second node (the heap ceiling): the larger of the two is the peak.
      const all = [...stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].map((m) => Number(m[1]));
      const rss = all.length > 0 ? Math.max(...all) : null;
      if (code !== 0 || rss === null) {
        reject(new Error(`node ${nodeArgs.join(' ')} failed (exit ${code}):\n${stderr.replace(/BENCH_MAXRSS_KB=\d+/g, '').trim()}`));
        return;
      }
      resolve({ seconds, peakRssMb: rss / 1024, stdout });
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
