// A worker thread of a parallel report: folds its share of the rows, says
// which days it holds, then finishes the days no other thread holds and
// posts its fold back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config/load.js';
import type { DayRange } from '../../sources/cdr.js';
import { ReportFold, type FoldSnapshot } from '../fold.js';
import { createClock, createEnrichment } from '../setup.js';
import { foldShare, type ShareJob, type ShareResult } from './share.js';

export interface WorkerJob extends ShareJob {
  config: Config;
  window: DayRange;
}

/** Worker to main thread. After 'folded', the worker waits for SharedDays, then sends 'done'. */
export type WorkerMessage =
  | { type: 'progress'; rowsRead: number }
  | ({ type: 'folded'; days: string[] } & ShareResult)
  | { type: 'done'; fold: FoldSnapshot }
  | { type: 'fail'; message: string };

/** Main thread to worker: the days some other fold holds too, and the real number of the share's first line. */
export interface SharedDays {
  shared: string[];
  lineBase: number;
}

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function run(job: WorkerJob): Promise<void> {
  const clock = createClock(job.config);
  const fold = new ReportFold(clock, createEnrichment(job.config, clock), job.readDays, job.window, job.config.pbx);
  const result = await foldShare(job, clock, fold, (rowsRead) => post({ type: 'progress', rowsRead }));
  post({ type: 'folded', days: [...fold.heldDays()], ...result });
  if (result.abandoned) return;
  const { shared, lineBase } = await new Promise<SharedDays>((resolve) => parentPort!.once('message', resolve));
  if (result.relativeLines) fold.rebaseLines(lineBase);
  fold.finishExcept(new Set(shared));
  post({ type: 'done', fold: fold.snapshot() });
}

run(workerData as WorkerJob).catch((err: unknown) => post({ type: 'fail', message: err instanceof Error ? err.message : String(err) }));
