// A worker thread of a parallel report: folds its share of the rows and posts
// the fold back. Bad rows and progress are posted as they come.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config/load.js';
import { type BadRow, type DayRange, InputError } from '../../sources/cdr.js';
import { ReportFold, type FoldSnapshot } from '../fold.js';
import { createClock, createEnrichment } from '../setup.js';
import { foldShare, type ShareJob, type ShareResult } from './share.js';

export interface WorkerJob extends ShareJob {
  config: Config;
  window: DayRange;
}

/** Worker to main thread. After 'folded', the worker waits for the days other folds hold too, then sends 'done'. */
export type WorkerMessage =
  | { type: 'bad'; rows: BadRow[] }
  | { type: 'progress'; rowsRead: number }
  | ({ type: 'folded'; days: string[] } & ShareResult)
  | { type: 'done'; fold: FoldSnapshot }
  | { type: 'fail'; input: boolean; message: string };

/** Main thread to worker: the days some other fold holds too. */
export interface SharedDays {
  shared: string[];
}

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function run(job: WorkerJob): Promise<void> {
  const clock = createClock(job.config);
  const fold = new ReportFold(clock, createEnrichment(job.config, clock), job.readDays, job.window);
  let bad: BadRow[] = [];
  const flushBad = () => {
    if (bad.length > 0) post({ type: 'bad', rows: bad });
    bad = [];
  };
  const onBadRow = (row: BadRow) => void (bad.push(row) >= 500 && flushBad());
  const result = await foldShare(job, clock, fold, onBadRow, (rowsRead) => post({ type: 'progress', rowsRead }));
  flushBad();
  post({ type: 'folded', days: [...fold.heldDays()], ...result });
  const { shared } = await new Promise<SharedDays>((resolve) => parentPort!.once('message', resolve));
  fold.finishExcept(new Set(shared));
  post({ type: 'done', fold: fold.snapshot() });
}

run(workerData as WorkerJob).catch((err: unknown) => {
  post({ type: 'fail', input: err instanceof InputError, message: err instanceof Error ? err.message : String(err) });
});
