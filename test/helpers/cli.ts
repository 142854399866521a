// Runs `tollguard ...` in a child process, from source, with a clean environment.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Resolved here, since the child may run in a folder without node_modules.
const TSX = import.meta.resolve('tsx');
const ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** timeoutMs: kill the child then (status null), so a command that hangs fails its test instead of the run. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
      cwd: options.cwd,
      // Only PATH and HOME from outside, so a developer's own TOLLGUARD_* or .env cannot leak in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PBX_TIMEZONE: 'UTC', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
