/**
 * A file whose events have no UID, imported before 697e9d8, when their made-up UIDs were made
 * without the calendar's source (`missing-uid-<hash>`, known within the calendar only), and
 * imported again after it, which names them `missing-uid-src-<hash>` (known by that UID): the
 * rows are replaced, and the word on the sales meeting and the decision on its conflict, kept by
 * the old rows' identities, must follow them (store/renamed-events.ts) instead of being
 * orphaned on every database once. So must a word on a recurring series (its instances named
 * `<made-up UID>::<recurrence id>`) given on an instance that is out of the window by then, and
 * so not renamed, and a decision on a conflict with one of its instances.
 *
 * The old rows are stored as that version stored them: the file read without its source, which
 * names UID-less events exactly as it did (MadeUpUids hashes the same fields when it has none).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { IcsClient } from '../../src/providers/ics/ics-client.js';
import { IcsProvider } from '../../src/providers/ics/ics-provider.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, putAcmeCrm, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import {
  detectMeetingsAndScanConflicts,
  dismissOverlapWithDentist,
  uidlessCalendar,
  uidlessVevent,
  uncleared,
  UIDLESS_SALES_CALL_FILE as FILE,
} from '../support/uidless-calendar.js';

/**
 * No UIDs: a weekly sales call from 20 November (a Thursday) and a dentist's appointment over its
 * instance of 12 March. Its first instances fall out of the window by TEST_NOW (from 1 December).
 */
const SERIES_FILE = uidlessCalendar(
  uidlessVevent('20251120T150000Z', '20251120T160000Z', 'Acme weekly call', [
    'RRULE:FREQ=WEEKLY;COUNT=20',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'LOCATION:https://acme.zoom.us/j/2',
  ]),
  uidlessVevent('20260312T153000Z', '20260312T163000Z', 'Dentist'),
);

/** A day whose sync window (90 days back) still holds the series' first instance. */
const BEFORE_THE_UPGRADE = new Date('2026-01-10T12:00:00.000Z');

describeEachDialect(
  'decisions on events without a UID, stored before their names had a source',
  (context) => {
    let api: TestApi;
    let token: string;
    let scope: Scope;
    let now = TEST_NOW;
    const ics = new IcsProvider(new IcsClient({ timeoutMs: 1000, maxBytes: 1_000_000 }));

    beforeAll(async () => {
      api = await buildTestApi(context().store, {}, () => now);
      api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    });
    afterAll(async () => {
      await api.close();
    });

    beforeEach(async () => {
      now = TEST_NOW;
      const seeded = await seedNorthwind(context().store);
      token = seeded.token;
      scope = { orgId: seeded.orgId, userId: seeded.userId };
      await putAcmeCrm(api.server, token);
    });

    const request = (method: 'GET' | 'POST', url: string, payload?: object) =>
      api.server.inject({
        method,
        url: `${CALENDAR_BASE}${url}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      });
    const importFile = async (file = FILE) => {
      const response = await api.server.inject({
        method: 'POST',
        // By its label, as a user imports a newer export into the calendar of the earlier one.
        url: `${CALENDAR_BASE}/providers/ics/connect/?label=Work`,
        headers: { ...bearer(token), 'content-type': 'text/calendar' },
        payload: file,
      });
      expect(response.statusCode).toBe(201);
      await api.app.queue.drain();
    };
    /**
     * The file imported as the version before 697e9d8 did, into the calendar importFile() finds
     * by its label: the same connection and calendar, the events named without the source.
     */
    const importTheOldWay = async (file = FILE) => {
      const connection = await api.app.store.connections.create(scope, {
        provider: 'ics',
        label: 'Work',
        secrets: {},
        settings: { source: 'file', fileName: 'calendar.ics', polling: false },
      });
      const remote = {
        providerCalendarId: 'default',
        name: 'Work',
        timeZone: null,
        isPrimary: true,
      };
      const calendar = await api.app.store.calendars.upsert(scope, connection.id, remote);
      const pages = ics.snapshotPages(ics.parse(file), api.app.engine.window());
      await api.app.engine.syncCalendar(scope, calendar!.id, { pages });
    };
    const providerIds = async () =>
      (await api.app.store.events.list(scope, { limit: 100 })).items
        .map((e) => e.event.providerEventId)
        .sort();
    const meetings = async (title: string): Promise<MeetingView[]> =>
      ((await request('GET', '/meetings/?limit=500')).json().items as MeetingView[]).filter(
        (m) => m.title === title,
      );
    const meeting = async (): Promise<MeetingView> => {
      const found = await meetings('Acme discovery call');
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const detectionOf = async (eventId: string) =>
      (await request('GET', `/events/${eventId}/insights/`)).json().detection as object;
    const scan = () => detectMeetingsAndScanConflicts(api, scope);
    const conflicts = () => uncleared(api, scope);

    it('a corrected type and a dismissed conflict hold when the file is imported again after the upgrade', async () => {
      await importTheOldWay();
      const oldIds = await providerIds();
      expect(oldIds).toHaveLength(4);
      for (const id of oldIds) expect(id).toMatch(/^missing-uid-[0-9a-f]{16}(-2)?$/);
      await scan();
      const before = await meeting();
      const feedback = await request('POST', `/meetings/${before.id}/feedback/`, {
        verdict: 'confirm',
        meetingType: 'negotiation',
      });
      expect(feedback.statusCode).toBe(200);
      const decided = await dismissOverlapWithDentist(api, scope, 'Acme discovery call');

      await importFile();
      await scan();

      const newIds = await providerIds();
      expect(newIds).toHaveLength(4);
      for (const id of newIds) expect(id).toMatch(/^missing-uid-src-[0-9a-f]{16}(-2)?$/);
      const after = await meeting();
      expect(after.eventId).not.toBe(before.eventId);
      const insights = await request('GET', `/events/${after.eventId}/insights/`);
      expect(insights.json().detection).toMatchObject({
        source: 'feedback',
        meetingType: 'negotiation',
      });
      expect(await conflicts()).toEqual(decided);
    });

    it("a verdict on a series, given on an instance now out of the window, holds for the series' other instances", async () => {
      now = BEFORE_THE_UPGRADE;
      await importTheOldWay(SERIES_FILE);
      for (const id of await providerIds())
        expect(id).toMatch(/^missing-uid-[0-9a-f]{16}(::[\d-]{10}T[\d:]{8}Z)?$/);
      await scan();
      const first = (await meetings('Acme weekly call')).find((m) =>
        m.start.startsWith('2025-11-20'),
      );
      const feedback = await request('POST', `/meetings/${first!.id}/feedback/`, {
        verdict: 'confirm',
        meetingType: 'negotiation',
      });
      expect(feedback.statusCode).toBe(200);
      expect(feedback.json().propagatedTo).toBe(19);
      const decided = await dismissOverlapWithDentist(api, scope, 'Acme weekly call');

      now = TEST_NOW;
      await importFile(SERIES_FILE);
      await scan();

      // The instances in the window are renamed (with their ::recurrence id); those before it
      // stay as they were, the judged one among them.
      const ids = await providerIds();
      const renamed = ids.filter((id) =>
        /^missing-uid-src-[0-9a-f]{16}::[\d-]{10}T[\d:]{8}Z$/.test(id),
      );
      expect(renamed).toHaveLength(18);
      expect(ids.filter((id) => !renamed.includes(id))).toEqual([
        expect.stringMatching(/^missing-uid-[0-9a-f]{16}::2025-11-20T15:00:00Z$/),
        expect.stringMatching(/^missing-uid-[0-9a-f]{16}::2025-11-27T15:00:00Z$/),
        expect.stringMatching(/^missing-uid-src-[0-9a-f]{16}$/),
      ]);
      const later = (await meetings('Acme weekly call')).filter((m) => m.start >= '2025-12');
      expect(later).toHaveLength(renamed.length);
      for (const m of later)
        expect(await detectionOf(m.eventId)).toMatchObject({
          source: 'feedback',
          meetingType: 'negotiation',
        });
      expect(await conflicts()).toEqual(decided);
    });
  },
);
