/**
 * Each meeting participant carries the CRM's own ids (externalId) of the lead, contact and
 * account it matched, beside calintel's ids, so that a CRM integrator needs no call per
 * participant to map them: in the meetings list, in a stored meeting's insights and in a live
 * one's. Null where the match has no external id; another organisation's record never shows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ParticipantView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import {
  CALENDAR_BASE,
  CRM_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

interface ListedMeeting {
  id: string;
  eventId: string;
  title: string;
  participants: ParticipantView[];
}

describeEachDialect('Meeting participants: the CRM ids of their matches', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  afterAll(async () => api.close());

  const get = async (token: string, path: string) => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}${path}`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  const put = async (token: string, what: string, payload: Record<string, unknown>) => {
    const response = await api.server.inject({
      method: 'PUT',
      url: `${CRM_BASE}/${what}/`,
      headers: bearer(token),
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  /**
   * Northwind's CRM: Acme (acc-1) with contacts con-1 and con-2, Globex imported without an
   * external id, and a Globex lead with one (lead-7). A stranger organisation holds an account
   * of its own on acme.com, under another CRM id. The single meeting is with Globex's buyer; the
   * second check-in is cancelled, so it is no meeting and its insights are analysed live.
   */
  const seeded = async () => {
    const stranger = await seedNorthwind(context().store, 'Stranger');
    await put(stranger.token, 'accounts', {
      accounts: [{ externalId: 'stranger-acme', name: 'Acme Corp', domains: ['acme.com'] }],
    });
    const { token, orgId } = await seedNorthwind(context().store);
    await putAcmeCrm(api.server, token);
    await put(token, 'accounts', { accounts: [{ name: 'Globex', domains: ['globex.com'] }] });
    await put(token, 'leads', {
      leads: [{ externalId: 'lead-7', email: 'buyer@globex.com', name: 'Bo Buyer' }],
    });
    const feed = salesFeed({
      singleAttendee: 'buyer@globex.com',
      singleTitle: 'Globex call',
      cancelSecondCheckIn: true,
    });
    await importCalendar(api.server, token, feed);
    await api.app.queue.drain();
    const meetings: ListedMeeting[] = (await get(token, '/meetings/?limit=500')).items;
    return { token, orgId, stranger, meetings };
  };

  const person = (participants: readonly ParticipantView[], email: string) => {
    const found = participants.find((p) => p.email === email);
    expect(found, email).toBeDefined();
    return found as ParticipantView;
  };

  const ACME_CFO = {
    contactExternalId: 'con-2',
    leadExternalId: null,
    accountExternalId: 'acc-1',
  };

  it('the meetings list gives each match’s external id, and null where it has none', async () => {
    const { meetings } = await seeded();
    const globex = meetings.find((m) => m.title === 'Globex call');
    const buyer = person(globex?.participants ?? [], 'buyer@globex.com');
    // Matched to Globex, which was imported without a CRM id.
    expect(buyer.accountId).not.toBeNull();
    expect(buyer).toMatchObject({
      leadExternalId: 'lead-7',
      contactExternalId: null,
      accountExternalId: null,
    });
    const checkIns = meetings.filter((m) => m.title === 'Acme weekly check-in');
    expect(checkIns.length).toBeGreaterThan(0);
    for (const checkIn of checkIns) {
      expect(person(checkIn.participants, 'cfo@acme.com')).toMatchObject(ACME_CFO);
      // Internal people match nothing in the CRM.
      expect(person(checkIn.participants, 'ana@northwind.io')).toMatchObject({
        leadExternalId: null,
        contactExternalId: null,
        accountExternalId: null,
      });
    }
  });

  it('insights give them too, for a stored meeting and for one analysed live', async () => {
    const { token, meetings } = await seeded();
    const checkIn = meetings.find((m) => m.title === 'Acme weekly check-in') as ListedMeeting;
    const stored = await get(token, `/events/${checkIn.eventId}/insights/`);
    expect(stored.detection.source).not.toBe('live');
    expect(person(stored.participants, 'cfo@acme.com')).toMatchObject(ACME_CFO);
    const events: { id: string; status: string; title: string }[] = (
      await get(token, '/events/?limit=100&from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z')
    ).items;
    const cancelled = events.find((e) => e.status === 'cancelled');
    expect(cancelled?.title).toBe('Acme weekly check-in');
    const live = await get(token, `/events/${cancelled?.id}/insights/`);
    expect(live.detection.source).toBe('live');
    expect(person(live.participants, 'cfo@acme.com')).toMatchObject(ACME_CFO);
  });

  it('another organisation’s account is never shown, even if a row names it', async () => {
    const { token, orgId, stranger, meetings } = await seeded();
    const { store, database } = context();
    const [strangerAcme] = await store.crm.listAccounts({ orgId: stranger.orgId });
    expect(strangerAcme?.externalId).toBe('stranger-acme');
    const shown = meetings.flatMap((m) => m.participants.map((p) => p.accountExternalId));
    expect(shown).toContain('acc-1');
    expect(shown).not.toContain('stranger-acme');
    // A participant row naming the stranger's account (as no match ever writes) shows no CRM id.
    await database.db
      .updateTable('meeting_participants')
      .set({ account_id: strangerAcme?.id ?? '' })
      .where('org_id', '=', orgId)
      .where('email', '=', 'cfo@acme.com')
      .execute();
    const again: ListedMeeting[] = (await get(token, '/meetings/?limit=500')).items;
    const cfo = again
      .filter((m) => m.title === 'Acme weekly check-in')
      .map((m) => person(m.participants, 'cfo@acme.com'));
    expect(cfo.length).toBeGreaterThan(0);
    for (const p of cfo)
      expect(p).toMatchObject({ accountId: strangerAcme?.id, accountExternalId: null });
  });

  it('the API docs describe the participant’s external ids', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const participant = docs.components.schemas.MeetingParticipant;
    for (const field of ['leadExternalId', 'contactExternalId', 'accountExternalId'])
      expect(participant.properties[field].description).toContain("the CRM's own id");
  });
});
