/**
 * Fires schedules from timers in this process (croner for cron expressions, an interval for
 * every-N-ms): the embedded shape's scheduler. Two processes running it would both fire; the
 * embedded shape is one process, and each firing's dedupe key stops a pile-up behind a slow run.
 */
import { Cron } from 'croner';
import type { Schedule } from './job-queue.js';

/**
 * Starts a timer per schedule that calls `fire`: a cron schedule at its next due time, an
 * every-N-ms one at once and then every N ms (as a BullMQ job scheduler does). Throws on a bad
 * cron expression before anything fires. Returns the function that stops them all.
 */
export function startTimers(
  schedules: readonly Schedule[],
  fire: (schedule: Schedule) => Promise<void>,
): () => void {
  // Errors are the caller's to report inside `fire`; a timer must never die of one.
  const run = (schedule: Schedule) => fire(schedule).catch(() => {});
  const crons: Cron[] = [];
  try {
    for (const schedule of schedules) {
      if (schedule.cron === undefined) continue;
      crons.push(
        new Cron(schedule.cron, { timezone: 'UTC', protect: true, paused: true }, () =>
          run(schedule),
        ),
      );
    }
  } catch (error) {
    for (const cron of crons) cron.stop();
    throw error;
  }
  const intervals: NodeJS.Timeout[] = [];
  for (const cron of crons) cron.resume();
  for (const schedule of schedules) {
    if (schedule.everyMs === undefined) continue;
    intervals.push(setInterval(() => void run(schedule), schedule.everyMs));
    void run(schedule);
  }
  return () => {
    for (const cron of crons.splice(0)) cron.stop();
    for (const timer of intervals.splice(0)) clearInterval(timer);
  };
}

/**
 * The cron schedules whose last due time before `now` passed after their last firing, per
 * `lastFired` (null: never fired, or no record kept): the process was down when they were due.
 * A schedule never fired is not caught up, so a fresh install does not run every daily task at
 * its first start.
 */
export async function missedCronSchedules(
  schedules: readonly Schedule[],
  now: Date,
  lastFired: (name: string) => Promise<Date | null>,
): Promise<Schedule[]> {
  const missed: Schedule[] = [];
  for (const schedule of schedules) {
    if (schedule.cron === undefined) continue;
    const [due] = new Cron(schedule.cron, { timezone: 'UTC', paused: true }).previousRuns(1, now);
    if (!due) continue;
    const last = await lastFired(schedule.name);
    if (last !== null && last < due) missed.push(schedule);
  }
  return missed;
}
