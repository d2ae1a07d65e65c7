/**
 * What `GET /sync/status/` says while a sync job runs against a slow Google, and after the job
 * is stopped part-way (found by the QA of the scaled shape). A run claimed its calendar, which
 * shows it syncing, only before its first write: against a provider slow to answer (8 s) the
 * status said `ok` with the last run's counts until the first page was committed. And a run
 * stopped by the queue (SIGTERM) only let its claim go: `idle`, no events, no next run, while
 * the calendar held what it had committed and the job was about to resume it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleEventInput, GoogleSeed } from '../../emulators/google/types.js';
import { RetryLater } from '../../src/jobs/job-queue.js';
import { describeEachDialect } from '../support/databases.js';
import { isoDaysFromToday } from '../support/days.js';
import { startGoogleAccount } from '../support/google-account.js';
import { connectGoogleByApi } from '../support/google-env.js';
import { waitFor } from '../support/ports.js';
import { bearer, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const at = isoDaysFromToday;

function seed(): GoogleSeed {
  const events: GoogleEventInput[] = Array.from({ length: 12 }, (_, i) => ({
    id: `meeting${i}`,
    summary: `Meeting ${i}`,
    start: { dateTime: at(i, 9), timeZone: 'UTC' },
    end: { dateTime: at(i, 10), timeZone: 'UTC' },
  }));
  return {
    users: [
      {
        email: DANA,
        name: 'Dana',
        calendars: [{ id: DANA, summary: 'Dana', timeZone: 'UTC', primary: true, events }],
      },
    ],
  };
}

interface StatusView {
  calendarId: string;
  state: string;
  eventsCount: number;
  nextRunAt: string | null;
  lastCounts: Record<string, number>;
}

describeEachDialect('the sync status of a running and of a stopped sync', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    ({ emulator, api, scope, token } = await startGoogleAccount(context().store, {
      seed: seed(),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind running ${context().dialect}`,
      pushRetryDelaysMs: [20],
      startQueue: true,
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const status = async (): Promise<StatusView> => {
    const answer = await api.server.inject({
      method: 'GET',
      url: '/api/v1/calendar/sync/status/',
      headers: bearer(token),
    });
    const [calendar] = answer.json<{ calendars: StatusView[] }>().calendars;
    if (!calendar) throw new Error('no calendar in the sync status');
    return calendar;
  };

  it('shows syncing while Google is slow to answer, and pending with the stored events once stopped', async () => {
    await connectGoogleByApi(api.server, token, DANA);
    await api.app.queue.drain();
    const synced = await status();
    expect(synced).toMatchObject({ state: 'ok', eventsCount: 12 });

    // The next sync's listing is held far longer than the test waits for the status.
    emulator.state.addFault({
      fault: 'slow',
      delayMs: 60_000,
      times: 1,
      match: { method: 'GET', pathIncludes: '/events' },
    });
    const stop = new AbortController();
    const job = api.app.sync.runJob(
      { ...scope, calendarId: synced.calendarId },
      { attempt: 1, signal: stop.signal },
    );
    const settled = job.then(
      () => null,
      (error: unknown) => error,
    );
    await waitFor('the running sync to show as syncing', async () => {
      return (await status()).state === 'syncing';
    });
    // Nothing committed yet: the counts are still the last run's.
    expect(await status()).toMatchObject({ eventsCount: 12, lastCounts: synced.lastCounts });

    // The queue stops the job (a worker's SIGTERM): it is retried at once, from what it kept.
    stop.abort(new Error('the worker is stopping'));
    expect(await settled).toBeInstanceOf(RetryLater);
    const stopped = await status();
    expect(stopped).toMatchObject({ state: 'pending', eventsCount: 12 });
    expect(stopped.nextRunAt).not.toBeNull();
  });
});
