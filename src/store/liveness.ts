// Whether the process holding a lock is still there. A holder on another host
// cannot be checked and counts as alive; our own pid is alive (another job of
// this process holds it).
import { hostname } from 'node:os';

export function holderAlive(holder: { host: string; pid: number }): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
