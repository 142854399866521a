// The judge alone on 1,000 extensions x 60 days of synthetic profiles (the
// measurement that was a timed test in test/detection/judge.test.ts): prints
// {profiles, findings, ms}, the fastest of three runs.
import { detectionSchema } from '../../src/config/detection.js';
import { judge } from '../../src/detection/judge.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { dayProfile } from '../../test/helpers/profiles.js';

const to = '2026-04-04';
const profiles: DailyProfile[] = [];
for (let e = 0; e < 1000; e++) {
  for (let i = 0; i < 60; i++) {
    if ((e + i) % 7 === 0) continue;
    profiles.push(dayProfile(`${1000 + e}`, addDays(to, -i), [{ to: 'domestic', calls: 3 + (e % 5) }, ...(e % 4 === 0 ? [{ to: 'GB', calls: 1 + (i % 2) }] : [])]));
  }
}
const detection = detectionSchema.parse({});
let best = Infinity;
let findings = 0;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  findings = judge({ profiles, window: { from: addDays(to, -31), to }, detection, currency: 'USD' }).findings.length;
  best = Math.min(best, performance.now() - t0);
}
process.stdout.write(JSON.stringify({ profiles: profiles.length, findings, ms: best }));
