// The scheduled jobs, by the name `tollguard run NAME` and the schedule use.
import type { JobName } from '../src/config/schedule.js';
import type { Job } from './job.js';
import { nightly } from './nightly.js';
import { sweep } from './sweep.js';

export const JOBS: Record<JobName, Job> = { nightly, sweep };
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export type { Job, JobContext, JobSummary } from './job.js';
export { runJob, type JobLogLine } from './runner.js';
