/**
 * The background tasks: which handler runs each job name, and which tasks run on a schedule.
 * The worker role starts the queue with `taskHandlers`; the scheduler role registers
 * `scheduledTasks`, which the queue adapter fires (croner in-process, or BullMQ job schedulers).
 */
import { PermanentJobFailure, type JobHandler, type Schedule } from '../jobs/job-queue.js';
import type { App } from './app.js';
import {
  discoveryTotals,
  REFRESH_CALENDAR_LISTS,
  REFRESH_USER_CALENDAR_LISTS_TASK,
  type ConnectionDiscovery,
  type ConnectionFilter,
} from './services/calendar-discovery.js';
import { DETECT_CONFLICTS_FOR_USER_TASK, REFRESH_CONFLICTS } from './services/conflicts.service.js';
import { POLL_EXCHANGE_SUBSCRIPTIONS } from './services/exchange.service.js';
import { ADAPT_MEETING_MODEL, DETECT_MEETINGS_FOR_USER_TASK } from './services/meetings.service.js';
import { OUTLOOK_SUBSCRIPTION_LIFECYCLE } from './services/microsoft.service.js';
import { RECOMPUTE_RELATIONSHIPS } from './services/relationships.service.js';
import { SYNC_CALENDAR_JOB } from './services/sync.service.js';
import { RESCAN_CONFLICTS_AFTER_ZONE_CHANGE } from './services/zone-change.js';

export {
  ADAPT_MEETING_MODEL,
  DETECT_CONFLICTS_FOR_USER_TASK,
  DETECT_MEETINGS_FOR_USER_TASK,
  OUTLOOK_SUBSCRIPTION_LIFECYCLE,
  POLL_EXCHANGE_SUBSCRIPTIONS,
  RECOMPUTE_RELATIONSHIPS,
  REFRESH_CALENDAR_LISTS,
  REFRESH_CONFLICTS,
  REFRESH_USER_CALENDAR_LISTS_TASK,
  RESCAN_CONFLICTS_AFTER_ZONE_CHANGE,
};

/** Queues a sync of every calendar whose next run is due (what the minute tick used to do). */
export const SYNC_ALL_USER_CALENDARS = 'sync_all_user_calendars';
/** Deletes events that ended more than EVENT_RETENTION_DAYS ago, for every tenant. */
export const CLEANUP_OLD_CALENDAR_EVENTS = 'cleanup_old_calendar_events';

/** Queues a sync of each selected calendar of one user (payload: { orgId, userId }). */
export const SYNC_USER_CALENDARS_TASK = 'sync_user_calendars_task';
/** Refreshes OAuth access tokens that expire soon, and finds revoked grants before a sync does. */
export const REFRESH_CALENDAR_TOKENS = 'refresh_calendar_tokens';
/** Logs the calendars failing for longer than SYNC_FAILURE_ALERT_MINUTES. */
export const MONITOR_SYNC_FAILURES = 'monitor_sync_failures';
/** Queues meeting detection for every user (daily: see MeetingsService.queueForEveryone). */
export const DETECT_MEETINGS_FOR_EVERYONE = 'detect_meetings_for_everyone';
/** Replaces Google push channels and renews Graph subscriptions before they expire. */
export const RENEW_WEBHOOK_CHANNELS = 'renew_webhook_channels';

const DAY_MS = 24 * 3_600_000;

export function taskHandlers(
  app: App,
  clock: () => Date = () => new Date(),
): Map<string, JobHandler> {
  return new Map<string, JobHandler>([
    [SYNC_CALENDAR_JOB, (payload, context) => app.sync.runJob(payload, context)],
    [
      SYNC_ALL_USER_CALENDARS,
      async () => {
        const queued = await app.sync.enqueueDue(clock());
        app.logger.debug({ queued }, 'due syncs queued');
      },
    ],
    [
      CLEANUP_OLD_CALENDAR_EVENTS,
      async () => {
        // Config guarantees retention > the sync window's past days: nothing deleted comes back.
        const cutoff = new Date(clock().getTime() - app.config.eventRetentionDays * DAY_MS);
        const deleted = await app.store.events.deleteEndedBefore('all', cutoff);
        app.logger.info({ deleted, endedBefore: cutoff.toISOString() }, 'old events deleted');
        // Their meetings went with them, and with them a place in each account's history that
        // no change-log entry tells the next detection: it reads everything.
        if (deleted > 0) await app.meetings.resetEveryone();
        // Dashboard sessions, sign-in links and OAuth states, a day after they ended or expired.
        const sessions = await app.store.webSessions.purge(clock());
        const states = await app.store.oauthStates.purge(clock());
        app.logger.info({ sessions, states }, 'expired sessions and authorisations deleted');
        // Finished jobs after two weeks (the embedded queue's history; a schedule's catch-up
        // reads its last firing from it).
        const jobs = await app.store.jobs.purgeFinished(new Date(clock().getTime() - 14 * DAY_MS));
        app.logger.info({ jobs }, 'finished jobs deleted');
      },
    ],
    [
      SYNC_USER_CALENDARS_TASK,
      async (payload) => {
        const scope = userScopeOf(SYNC_USER_CALENDARS_TASK, payload);
        const { queued } = await app.sync.trigger(scope, {});
        app.logger.debug({ userId: scope.userId, queued: queued.length }, 'user calendars queued');
      },
    ],
    [
      REFRESH_CALENDAR_TOKENS,
      // Each provider on its own: trouble with one never keeps the other's tokens from a refresh.
      () =>
        eachProvider(app, [
          ['Google tokens refreshed', () => app.google.refreshTokens()],
          ['Microsoft tokens refreshed', () => app.microsoft.refreshTokens()],
        ]),
    ],
    [
      MONITOR_SYNC_FAILURES,
      async () => {
        // Logged only: calintel_failing_calendars is read at each scrape by the api role.
        const failing = await app.sync.failingCalendars(clock());
        for (const item of failing) {
          app.logger.warn(
            {
              calendarId: item.calendarId,
              connectionId: item.connectionId,
              provider: item.provider,
              failures: item.consecutiveFailures,
              lastSuccessAt: item.lastSuccessAt,
              error: item.lastError,
            },
            'calendar sync failing',
          );
        }
      },
    ],
    [
      DETECT_MEETINGS_FOR_USER_TASK,
      async (payload, { signal }) => {
        await app.meetings.runDetectionJob(payload, signal);
      },
    ],
    [ADAPT_MEETING_MODEL, (payload, job) => app.meetings.runAdaptJob(payload, job)],
    [RESCAN_CONFLICTS_AFTER_ZONE_CHANGE, (payload) => app.zoneChange.runRescanJob(payload)],
    [
      DETECT_MEETINGS_FOR_EVERYONE,
      async () => {
        const queued = await app.meetings.queueForEveryone();
        app.logger.info({ queued }, 'daily meeting detection queued');
      },
    ],
    [
      POLL_EXCHANGE_SUBSCRIPTIONS,
      async () => {
        const outcome = await app.exchange.pollAll();
        if (outcome.changed > 0) app.logger.debug(outcome, 'Exchange changes noticed');
      },
    ],
    [
      REFRESH_CONFLICTS,
      async () => {
        const queued = await app.conflicts.queueForEveryone();
        app.logger.debug({ queued }, 'conflict passes queued');
      },
    ],
    [
      RECOMPUTE_RELATIONSHIPS,
      async (_payload, { signal }) => {
        await app.relationships.recomputeAll(signal);
      },
    ],
    [
      DETECT_CONFLICTS_FOR_USER_TASK,
      async (payload, { signal }) => {
        await app.conflicts.runScanJob(payload, signal);
      },
    ],
    [
      RENEW_WEBHOOK_CHANNELS,
      () =>
        eachProvider(app, [
          ['push channels renewed', () => app.google.renewChannels()],
          ['Graph subscriptions renewed', () => app.microsoft.renewSubscriptions()],
        ]),
    ],
    [OUTLOOK_SUBSCRIPTION_LIFECYCLE, (payload) => app.microsoft.runLifecycleJob(payload)],
    [
      REFRESH_CALENDAR_LISTS,
      async () => logDiscovery(app, await app.calendarDiscovery.refreshAll()),
    ],
    [
      REFRESH_USER_CALENDAR_LISTS_TASK,
      async (payload) => {
        const scope = userScopeOf(REFRESH_USER_CALENDAR_LISTS_TASK, payload);
        const filter = connectionFilterOf(payload);
        logDiscovery(app, await app.calendarDiscovery.refreshUser(scope, filter));
      },
    ],
  ]);
}

/** Logs what a refresh of calendar lists did (discovery itself opened push for new calendars). */
function logDiscovery(app: App, results: readonly ConnectionDiscovery[]): void {
  app.logger.info(discoveryTotals(results), 'calendar lists refreshed');
}

/**
 * Runs each provider's part of a task even when another's fails; logs what each did, and fails
 * the task (so it is retried) only after all have run.
 */
async function eachProvider(
  app: App,
  parts: ReadonlyArray<readonly [string, () => Promise<Record<string, number>>]>,
): Promise<void> {
  const results = await Promise.allSettled(parts.map(([, run]) => run()));
  const failures: unknown[] = [];
  results.forEach((result, i) => {
    const message = parts[i]?.[0] ?? 'task part';
    if (result.status === 'rejected') failures.push(result.reason);
    else if (Object.values(result.value).some((n) => n > 0)) app.logger.info(result.value, message);
  });
  if (failures.length > 0) throw failures[0];
}

/** The provider or connection a user's sync asked for (absent: all of the user's connections). */
function connectionFilterOf(payload: unknown): ConnectionFilter {
  const { provider, connectionId } = (payload ?? {}) as Record<string, unknown>;
  return {
    provider: typeof provider === 'string' ? provider : null,
    connectionId: typeof connectionId === 'string' ? connectionId : null,
  };
}

function userScopeOf(task: string, payload: unknown): { orgId: string; userId: string } {
  const { orgId, userId } = (payload ?? {}) as Record<string, unknown>;
  if (typeof orgId !== 'string' || typeof userId !== 'string') {
    throw new PermanentJobFailure(`${task}: payload needs orgId and userId`);
  }
  return { orgId, userId };
}

export function scheduledTasks(): Schedule[] {
  return [
    // Every minute, and once at start: a calendar that fell due while nothing ran waits no longer.
    { name: SYNC_ALL_USER_CALENDARS, everyMs: 60_000 },
    // Daily at a quiet hour (UTC); a failed run is retried, as the next one is a day away.
    { name: CLEANUP_OLD_CALENDAR_EVENTS, cron: '17 3 * * *', maxAttempts: 3 },
    // Access tokens live an hour; refreshing those with under 15 minutes left every 10 minutes
    // means a sync never waits on a refresh.
    { name: REFRESH_CALENDAR_TOKENS, everyMs: 10 * 60_000 },
    { name: MONITOR_SYNC_FAILURES, everyMs: 5 * 60_000 },
    // Exchange pull subscriptions: a change there is synced within about a minute.
    { name: POLL_EXCHANGE_SUBSCRIPTIONS, everyMs: 60_000 },
    // The backstop of incremental conflict passes (each after a detection): every user, hourly.
    { name: REFRESH_CONFLICTS, everyMs: 60 * 60_000 },
    // Events enter the detection window as days pass, also on calendars where nothing changes,
    // and retention's deletions change the history every type reads: after retention, before
    // the relationships' recompute (which then reads the day's meetings).
    { name: DETECT_MEETINGS_FOR_EVERYONE, cron: '47 3 * * *', maxAttempts: 3 },
    // Stages move with time (a quiet account turns dormant): every relationship, once a day.
    // It also queues detection once for meetings stored before they had a relationship key.
    { name: RECOMPUTE_RELATIONSHIPS, cron: '41 4 * * *', maxAttempts: 3 },
    // Channels and subscriptions live about a week and are renewed a day before they end.
    { name: RENEW_WEBHOOK_CHANNELS, everyMs: 60 * 60_000 },
    // Calendars created, shared, deleted or unshared at the provider after connecting: one
    // listing per connection an hour. A calendar missing for a day (MISSING_CALENDAR_GRACE_MS)
    // is then removed on the first listing past it.
    { name: REFRESH_CALENDAR_LISTS, everyMs: 60 * 60_000 },
  ];
}
