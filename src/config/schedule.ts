// When `tollguard daemon` runs the jobs: cron expressions in the PBX timezone.
// Crontab or a systemd timer can drive `tollguard run ...` instead.
import cron from 'node-cron';
import { z } from 'zod';

const FIVE_FIELDS = 'a cron expression of five fields (minute hour day month weekday), such as "15 6 * * *"';
const SIX_FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'weekday'];

// node-cron also takes six fields, the first being seconds: "15 6 * * * *", meant as
// 06:15 with one field too many, would run at minute 6 of every hour. Refused.
const cronExpression = z.string().trim().min(1).superRefine((e, ctx) => {
  const fields = e.split(/\s+/);
  if (fields.length === 6) {
    const read = fields.map((f, i) => `${SIX_FIELDS[i]} ${f}`).join(', ');
    ctx.addIssue({ code: 'custom', message: `has six fields; node-cron would read them as ${read} (a leading seconds field). Use ${FIVE_FIELDS}` });
  } else if (!cron.validate(e)) {
    ctx.addIssue({ code: 'custom', message: FIVE_FIELDS });
  }
});

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
