// When `tollguard daemon` runs the jobs: cron expressions in the PBX timezone.
// Crontab or a systemd timer can drive `tollguard run ...` instead.
import cron from 'node-cron';
import { z } from 'zod';

const cronExpression = z.string().trim().min(1).refine((e) => cron.validate(e), 'a cron expression such as "15 6 * * *" (minute hour day month weekday)');

const jobSchedule = (cronDefault: string) =>
  z.strictObject({
    cron: cronExpression.default(cronDefault),
    enabled: z.boolean().default(true),
  });

export const scheduleSchema = z.strictObject({
  /** Yesterday's report, mailed, with alerts and lockouts by policy. */
  nightly: jobSchedule('15 6 * * *').default({ cron: '15 6 * * *', enabled: true }),
  /** Today so far, from the CDRs written since the last sweep. */
  sweep: jobSchedule('*/10 * * * *').default({ cron: '*/10 * * * *', enabled: true }),
  /** Also append the daemon's JSON log lines here (standard output always gets them). */
  logFile: z.string().min(1).optional(),
  /** On SIGTERM/SIGINT a running job may finish for this long; then it is abandoned (its run rolls back). */
  shutdownGraceSeconds: z.number().min(0).max(3600).default(30),
});

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type JobName = 'nightly' | 'sweep';
