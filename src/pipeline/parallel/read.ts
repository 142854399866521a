// A report's read of large cdr_csv files on several threads: the main thread
// folds the first share of the rows, worker threads the others, and their
// folds are merged in the order of the rows. The result is the one a single
// reader gives; when the check says it might not be (verify.ts), it is
// thrown away and the caller reads on one thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/load.js';
import type { Enriched } from '../../enrichment/enrich.js';
import { type BadRow, type Cdr, type DayRange, InputError } from '../../sources/cdr.js';
import type { CsvSource } from '../../sources/cdr-csv.js';
import type { PbxClock } from '../../time/pbx-clock.js';
import { type FoldSnapshot, ReportFold } from '../fold.js';
import { planRead } from './plan.js';
import { foldShare, type ShareJob } from './share.js';
import { PieceSpans, verifyRead } from './verify.js';
import type { SharedDays, WorkerJob, WorkerMessage } from './worker.js';

export interface ParallelRead {
  source: CsvSource;
  /** Threads to use; 'auto': one per core. */
  workers: number | 'auto';
  /** Input below this size is read on one thread (tests set it low). */
  minBytes?: number;
  overlapBytes?: number;
}

interface Run {
  config: Config;
  clock: PbxClock;
  enrich: (cdr: Cdr) => Enriched;
  window: DayRange;
  readDays: DayRange;
  onBadRow: (row: BadRow) => void;
  onProgress?: (rowsRead: number) => void;
}

/** The source's rows folded on several threads, or null when they were not (too small, strict, or not exact). */
export async function foldInParallel(p: ParallelRead, run: Run): Promise<ReportFold | null> {
  const { source } = p;
  const o = source.options;
  if (o.strict || o.resume) return null; // strict stops at the first bad row in file order
  const threads = p.workers === 'auto' ? availableParallelism() : p.workers;
  source.startRead();
  const plan = planRead(await source.files(), threads, o.layout ?? 'auto', p.overlapBytes, p.minBytes);
  if (!plan) return null;

  const mainPieces = plan.workers.flat().filter((piece) => piece.role === 'main');
  const spans = PieceSpans.create(mainPieces.length);
  const csv = { gmt: o.gmt ?? false, parser: o.parser ?? 'fast' } as const;
  const share = (pieces: ShareJob['pieces']): ShareJob => ({ readDays: run.readDays, pieces, csv, mainPieces, cuts: plan.cuts, spans: spans.data });
  const progress = plan.workers.map(() => 0);
  const onProgress = (k: number) => (rowsRead: number) => {
    progress[k] = rowsRead;
    run.onProgress?.(progress.reduce((a, b) => a + b, 0));
  };
  const fold = new ReportFold(run.clock, run.enrich, run.readDays, run.window);
  const workers = plan.workers.slice(1).map((pieces, k) => new ShareWorker({ ...share(pieces), config: run.config, window: run.window }, run.onBadRow, onProgress(k + 1)));
  try {
    const own = await foldShare(share(plan.workers[0]!), run.clock, fold, run.onBadRow, onProgress(0));
    const others = await Promise.all(workers.map((w) => w.folded));
    const folded = [own, ...others];
    if (verifyRead(mainPieces, plan.cuts, folded.flatMap((r) => r.pieces), spans) !== null) return null;
    // A day held by one fold alone is finished where it was folded; days held by several are merged here.
    const holders = new Map<string, number>();
    for (const days of [fold.heldDays(), ...others.map((f) => f.days)]) for (const d of days) holders.set(d, (holders.get(d) ?? 0) + 1);
    const shared = [...holders].filter(([, n]) => n > 1).map(([d]) => d);
    const snapshots = workers.map((w) => w.snapshot(shared));
    fold.finishExcept(new Set(shared)); // while the workers finish theirs
    for (const s of snapshots) fold.merge(await s);
    for (const r of folded) {
      source.stats.rowsRead += r.stats.rowsRead;
      source.stats.rowsQuarantined += r.stats.rowsQuarantined;
      source.stats.rowsOutsideWindow += r.stats.rowsOutsideWindow;
      source.warnings.push(...r.warnings);
    }
    return fold;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

type Folded = Extract<WorkerMessage, { type: 'folded' }>;

/** A worker thread folding one share: `folded` when its rows are read, then snapshot() for its fold. */
class ShareWorker {
  readonly folded: Promise<Folded>;
  private readonly thread: Worker;
  private done: ((fold: FoldSnapshot) => void) | null = null;

  constructor(job: WorkerJob, onBadRow: (row: BadRow) => void, onProgress: (rowsRead: number) => void) {
    this.thread = startWorker(job);
    this.folded = new Promise((resolve, reject) => {
      let failed: Error | null = null;
      this.thread.on('message', (m: WorkerMessage) => {
        if (m.type === 'folded') resolve(m);
        else if (m.type === 'done') this.done?.(m.fold);
        else if (m.type === 'fail') reject((failed = m.input ? new InputError(m.message) : new Error(m.message)));
        else if (m.type === 'bad') for (const row of m.rows) onBadRow(row);
        else onProgress(m.rowsRead);
      });
      this.thread.on('error', reject);
      this.thread.on('exit', (code) => reject(failed ?? new Error(`CDR reader thread stopped (exit code ${code})`)));
    });
    this.folded.catch(() => {}); // awaited by the caller; not unhandled while it reads its own share
  }

  snapshot(shared: string[]): Promise<FoldSnapshot> {
    return new Promise((resolve, reject) => {
      this.done = resolve;
      this.thread.once('exit', () => reject(new Error('CDR reader thread stopped before sending its profiles')));
      this.thread.postMessage({ shared } satisfies SharedDays);
    });
  }

  stop(): Promise<number> {
    return this.thread.terminate();
  }
}

function startWorker(job: WorkerJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
  // Run from source (tests, development): a worker does not inherit tsx's loader, so it registers it first.
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: job });
}
