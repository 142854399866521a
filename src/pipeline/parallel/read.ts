// A report's read of large cdr_csv files on several threads: the main thread
// folds the first share of the rows, worker threads the others, and their
// folds are merged in the order of the rows. The result is the one a single
// reader gives; when it might not be (verify.ts), or a thread fails, it is
// thrown away and the caller reads on one thread (which also says what is
// wrong with the input, if anything is).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/load.js';
import type { Enriched } from '../../enrichment/enrich.js';
import type { BadRow, Cdr, DayRange } from '../../sources/cdr.js';
import type { CsvSource } from '../../sources/cdr-csv.js';
import type { PbxClock } from '../../time/pbx-clock.js';
import { type FoldSnapshot, ReportFold } from '../fold.js';
import { planRead, type ReadPlan } from './plan.js';
import { foldShare, type ShareJob, type ShareResult } from './share.js';
import { SharedSpans, verifyRead } from './verify.js';
import type { SharedDays, WorkerJob, WorkerMessage } from './worker.js';

export interface ParallelRead {
  source: CsvSource;
  /** Threads to use; 'auto': one per core, at most MAX_AUTO_THREADS (Asterisk runs on the same machine). */
  workers: number | 'auto';
  /** Input below this size is read on one thread (tests set it low). */
  minBytes?: number;
  overlapBytes?: number;
}

const MAX_AUTO_THREADS = 4;

interface Run {
  config: Config;
  clock: PbxClock;
  enrich: (cdr: Cdr) => Enriched;
  window: DayRange;
  readDays: DayRange;
  onBadRow: (row: BadRow) => void;
  onProgress?: (rowsRead: number) => void;
}

/** The rows folded on several threads; or, when they were not, why not (null: not tried). */
export type ParallelResult = { fold: ReportFold } | { fold: null; why: string | null };

export async function foldInParallel(p: ParallelRead, run: Run): Promise<ParallelResult> {
  const { source } = p;
  const o = source.options;
  if (o.strict || o.resume) return { fold: null, why: null }; // strict stops at the first bad row in row order
  const threads = p.workers === 'auto' ? Math.min(availableParallelism(), MAX_AUTO_THREADS) : p.workers;
  let plan: ReadPlan | null;
  try {
    source.startRead();
    plan = planRead(await source.files(), threads, o.layout ?? 'auto', p.overlapBytes, p.minBytes);
  } catch {
    return { fold: null, why: null }; // the one-thread read reports what is wrong with the files
  }
  if (!plan) return { fold: null, why: null };

  const mainPieces = plan.workers.flat().filter((piece) => piece.role === 'main');
  const spans = SharedSpans.create(mainPieces.length);
  const csv = { gmt: o.gmt ?? false, parser: o.parser ?? 'fast', readTail: o.readUnterminatedLine ?? true } as const;
  const share = (pieces: ShareJob['pieces']): ShareJob => ({ readDays: run.readDays, pieces, csv, cuts: plan.cuts, spans: spans.data });
  const progress = plan.workers.map(() => 0);
  const onProgress = (k: number) => (rowsRead: number) => {
    progress[k] = rowsRead;
    run.onProgress?.(progress.reduce((a, b) => a + b, 0));
  };
  const fold = new ReportFold(run.clock, run.enrich, run.readDays, run.window, run.config.pbx);
  const workers: ShareWorker[] = [];
  try {
    plan.workers.slice(1).forEach((pieces, k) => workers.push(new ShareWorker({ ...share(pieces), config: run.config, window: run.window }, onProgress(k + 1))));
    const own = await foldShare(share(plan.workers[0]!), run.clock, fold, onProgress(0));
    const others = await Promise.all(workers.map((w) => w.folded));
    const folded = [own, ...others];
    const why = spans.reason ?? verifyRead(mainPieces, plan.cuts, folded.flatMap((r) => r.pieces));
    if (why !== null) return { fold: null, why };
    // A day held by one fold alone is finished where it was folded; days held by several are merged here.
    const holders = new Map<string, number>();
    for (const days of [fold.heldDays(), ...others.map((f) => f.days)]) for (const d of days) holders.set(d, (holders.get(d) ?? 0) + 1);
    const shared = [...holders].filter(([, n]) => n > 1).map(([d]) => d);
    const bases = lineBases(folded, plan);
    const snapshots = Promise.all(workers.map((w, k) => w.snapshot(shared, bases[k + 1]!)));
    fold.finishExcept(new Set(shared)); // while the workers finish theirs
    for (const s of await snapshots) fold.merge(s);
    for (const [k, r] of folded.entries()) {
      for (const row of r.badRows) if (row.where === r.relativeLines) row.line = bases[k]! + Number(row.line) - 1;
      source.stats.rowsRead += r.stats.rowsRead;
      source.stats.rowsQuarantined += r.stats.rowsQuarantined;
      source.stats.rowsOutsideWindow += r.stats.rowsOutsideWindow;
      source.stats.rowsMerged += r.stats.rowsMerged;
      source.warnings.push(...r.warnings);
      for (const row of r.badRows) run.onBadRow(row);
    }
    return { fold };
  } catch (err) {
    return { fold: null, why: `a reader thread failed (${(err as Error).message})` };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * The real line number where each share's relative counting starts: the line
 * where the share before it ended in that file (each share starts exactly
 * where the one before ended, which verifyRead checked).
 */
function lineBases(shares: readonly ShareResult[], plan: ReadPlan): number[] {
  const lineAt = new Map<string, number>();
  return shares.map((share, k) => {
    const base = share.relativeLines === null ? 1 : lineAt.get(share.relativeLines)!;
    for (const r of share.pieces) {
      const path = plan.workers[k]!.find((p) => p.index === r.index)!.path;
      lineAt.set(path, path === share.relativeLines ? base + r.endLine - 1 : r.endLine);
    }
    return base;
  });
}

type Folded = Extract<WorkerMessage, { type: 'folded' }>;

/** A worker thread folding one share: `folded` when its rows are read, then snapshot() for its fold. */
class ShareWorker {
  readonly folded: Promise<Folded>;
  private readonly thread: Worker;
  /** The pending promise's settle functions: `folded`'s, then snapshot()'s. */
  private pending: { resolve: (m: WorkerMessage) => void; reject: (err: Error) => void } | null = null;
  private exited: Error | null = null;

  constructor(job: WorkerJob, onProgress: (rowsRead: number) => void) {
    this.thread = startWorker(job);
    this.folded = this.next() as Promise<Folded>;
    this.thread.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.rowsRead);
      else if (m.type === 'fail') this.pending?.reject(new Error(m.message));
      else this.pending?.resolve(m);
    });
    this.thread.on('error', (err) => this.pending?.reject(err));
    this.thread.on('exit', (code) => this.pending?.reject((this.exited = new Error(`exit code ${code}`))));
  }

  async snapshot(shared: string[], lineBase: number): Promise<FoldSnapshot> {
    const done = this.next();
    this.thread.postMessage({ shared, lineBase } satisfies SharedDays);
    return ((await done) as Extract<WorkerMessage, { type: 'done' }>).fold;
  }

  async stop(): Promise<void> {
    this.pending = null;
    await this.thread.terminate();
  }

  /** The thread's next message other than progress. */
  private next(): Promise<WorkerMessage> {
    const p = new Promise<WorkerMessage>((resolve, reject) => {
      this.pending = { resolve, reject };
      if (this.exited) reject(this.exited);
    });
    p.catch(() => {}); // awaited by the caller; not "unhandled" meanwhile
    return p;
  }
}

function startWorker(job: WorkerJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
  // Run from source (tests, development): a worker does not inherit tsx's loader, so it registers it first.
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: job });
}
