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
import { ReportFold } from '../fold.js';
import { planRead } from './plan.js';
import { foldShare, type ShareJob, type ShareResult } from './share.js';
import { verifyRead } from './verify.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

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
  const workers = p.workers === 'auto' ? availableParallelism() : p.workers;
  source.startRead();
  const plan = planRead(await source.files(), workers, o.layout ?? 'auto', p.overlapBytes, p.minBytes);
  if (!plan) return null;

  const share = (pieces: ShareJob['pieces']): ShareJob => ({ readDays: run.readDays, pieces, csv: { gmt: o.gmt ?? false, parser: o.parser ?? 'fast' } });
  const progress = plan.workers.map(() => 0);
  const onProgress = (k: number) => (rowsRead: number) => {
    progress[k] = rowsRead;
    run.onProgress?.(progress.reduce((a, b) => a + b, 0));
  };
  const threads: Worker[] = [];
  const fold = new ReportFold(run.clock, run.enrich, run.readDays, run.window);
  let results: [ShareResult, ...Extract<WorkerMessage, { type: 'done' }>[]];
  try {
    const others = plan.workers.slice(1).map((pieces, k) => {
      const job: WorkerJob = { ...share(pieces), config: run.config, window: run.window };
      return runWorker(job, threads, run.onBadRow, onProgress(k + 1));
    });
    results = await Promise.all([foldShare(share(plan.workers[0]!), run.clock, fold, run.onBadRow, onProgress(0)), ...others]);
  } catch (err) {
    await Promise.all(threads.map((t) => t.terminate()));
    throw err;
  }
  const mainPieces = plan.workers.flat().filter((piece) => piece.role === 'main');
  if (verifyRead(mainPieces, plan.cuts, results.flatMap((r) => r.pieces)) !== null) return null;
  for (const r of results) {
    if ('fold' in r) fold.merge(r.fold);
    source.stats.rowsRead += r.stats.rowsRead;
    source.stats.rowsQuarantined += r.stats.rowsQuarantined;
    source.stats.rowsOutsideWindow += r.stats.rowsOutsideWindow;
    source.warnings.push(...r.warnings);
  }
  return fold;
}

type Done = Extract<WorkerMessage, { type: 'done' }>;

function startWorker(job: WorkerJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
  // Run from source (tests, development): a worker does not inherit tsx's loader, so it registers it first.
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: job });
}

function runWorker(job: WorkerJob, threads: Worker[], onBadRow: (row: BadRow) => void, onProgress: (rowsRead: number) => void): Promise<Done> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    threads.push(worker);
    let result: Done | null = null;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'done') result = m;
      else if (m.type === 'fail') reject(m.input ? new InputError(m.message) : new Error(m.message));
      else if (m.type === 'bad') for (const row of m.rows) onBadRow(row);
      else onProgress(m.rowsRead);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`CDR reader thread stopped (exit code ${code})`))));
  });
}
