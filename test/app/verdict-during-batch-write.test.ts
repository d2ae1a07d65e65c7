/**
 * PostgreSQL only (READ COMMITTED; SQLite has one writer): a detection batch's transaction reads
 * the user's feedback, then takes its events. A verdict, with its own detection, committed in
 * between must not be written over by the batch's older answer. The batch is held after its
 * feedback read by a row lock on one of its events (taken here); the verdict is given then.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import type { Scope } from '../../src/store/store.js';
import { describePostgres, openTestStore, type StoreContext } from '../support/databases.js';
import { waitFor } from '../support/ports.js';
import { meetingCalls, seedSalesRep } from '../support/sales-meetings-api.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describePostgres('a verdict committed inside a detection batch transaction [postgres]', () => {
  let context: StoreContext;
  let cleanup: () => Promise<void>;
  let api: TestApi;
  let token: string;
  let scope: Scope;

  beforeAll(async () => {
    ({ context, cleanup } = await openTestStore('postgres'));
    api = await buildTestApi(context.store);
    ({ token, scope } = await seedSalesRep(api, context.store));
    await api.app.meetings.runDetectionJob(scope);
  });

  afterAll(async () => {
    await api.close();
    await cleanup();
  });

  const { request } = meetingCalls(
    () => api,
    () => token,
  );

  /** Sessions waiting on a lock that `pid` holds. */
  const blockedBy = async (pid: number): Promise<number[]> =>
    (
      await sql<{
        pid: number;
      }>`select pid from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(
        context.database.db,
      )
    ).rows.map((r) => r.pid);

  it('stays the verdict, not the batch answer read before it', async () => {
    const items = (await request('GET', '/meetings/?limit=500')).json().items as MeetingView[];
    const discovery = items.find((m) => m.title === 'Acme discovery call');
    const other = items.find((m) => m.eventId !== discovery?.eventId);
    expect(discovery).toMatchObject({ isSalesMeeting: true, source: 'model' });
    const db = context.database.db;

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: (pid: number) => void;
    const held = new Promise<number>((resolve) => (holding = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await sql`select id from calendar_events where id = ${other!.eventId} for update`.execute(
        trx,
      );
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      holding(rows[0]!.pid);
      await gate;
    });
    const holderPid = await held;

    await context.store.meetings.resetScans(scope, [scope.userId]);
    const run = api.app.meetings.runDetectionJob(scope);
    // The batch has read the feedback and waits for the held event.
    let runPid = 0;
    await waitFor('the detection batch to wait for the held event', async () => {
      runPid = (await blockedBy(holderPid))[0] ?? 0;
      return runPid !== 0;
    });

    let answered = false;
    const given = request('POST', `/meetings/${discovery!.id}/feedback/`, {
      verdict: 'reject',
    }).finally(() => (answered = true));
    // Either the verdict and its detection are written already, or its detection waits for the batch.
    await waitFor(
      'the verdict to be written or to wait for the batch',
      async () => answered || (await blockedBy(runPid)).length > 0,
    );
    release();
    await holder;
    await run;
    const response = await given;
    expect(response.statusCode, response.body).toBe(200);

    expect(await context.store.meetings.getByEvent(scope, discovery!.eventId)).toMatchObject({
      isSalesMeeting: false,
      source: 'feedback',
    });
  });
});
