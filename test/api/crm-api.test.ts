import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import {
  CALENDAR_BASE,
  CRM_BASE,
  importCalendar,
  putCrm,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('CRM API', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  afterAll(async () => api.close());

  const put = (token: string, kind: string, payload: object) =>
    putCrm(api.server, token, kind, payload);
  const get = (token: string, url: string) =>
    api.server.inject({ method: 'GET', url: `${CALENDAR_BASE}${url}`, headers: bearer(token) });
  const meetings = async (token: string): Promise<MeetingView[]> =>
    (await get(token, '/meetings/?limit=500')).json().items;

  it('upserts in bulk by external id: the same records again keep their ids', async () => {
    const { token } = await seedNorthwind(context().store);
    const payload = {
      accounts: [
        { externalId: 'acc-1', name: 'Acme Corp', domains: ['acme.com', 'ACME.co.uk'] },
        { name: 'No Id Ltd' },
      ],
    };
    const first = await put(token, 'accounts', payload);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      upserted: 2,
      items: [{ externalId: 'acc-1' }, { externalId: null }],
      redetection: { users: 1 },
    });
    const again = await put(token, 'accounts', payload);
    expect(again.json().items).toEqual(first.json().items);
    const listed = await api.server.inject({
      method: 'GET',
      url: `${CRM_BASE}/accounts/`,
      headers: bearer(token),
    });
    // Oldest first, and one batch's records by their ids: sorted by name here to compare.
    const byName = (items: Array<{ name: string }>) =>
      [...items].sort((a, b) => a.name.localeCompare(b.name));
    expect(listed.json().nextCursor).toBeNull();
    expect(byName(listed.json().items)).toEqual([
      {
        id: first.json().items[0].id,
        externalId: 'acc-1',
        name: 'Acme Corp',
        domains: ['acme.com', 'acme.co.uk'],
        stage: null,
      },
      {
        id: first.json().items[1].id,
        externalId: null,
        name: 'No Id Ltd',
        domains: [],
        stage: null,
      },
    ]);
    const stranger = await seedNorthwind(context().store, 'Stranger');
    const theirs = await api.server.inject({
      method: 'GET',
      url: `${CRM_BASE}/accounts/`,
      headers: bearer(stranger.token),
    });
    expect(theirs.json()).toEqual({ items: [], nextCursor: null });
    const leads = await put(token, 'leads', {
      leads: [
        {
          externalId: 'lead-1',
          email: 'jdoe@acme.com',
          company: 'Acme',
          accountExternalId: 'acc-1',
        },
        { email: 'walk-in@gmail.com', accountId: first.json().items[1].id },
      ],
    });
    expect(leads.statusCode).toBe(200);
    expect(leads.json()).toMatchObject({ upserted: 2 });
  });

  it('an update keeps the fields a record leaves out and clears the ones it sends as null', async () => {
    const { token, orgId } = await seedNorthwind(context().store);
    // People have no list route: their stored rows are read from the store.
    const list = async (kind: 'accounts' | 'leads' | 'contacts'): Promise<object[]> => {
      if (kind === 'leads') return context().store.crm.listLeads({ orgId });
      if (kind === 'contacts') return context().store.crm.listContacts({ orgId });
      const listed = await api.server.inject({
        method: 'GET',
        url: `${CRM_BASE}/accounts/`,
        headers: bearer(token),
      });
      return listed.json().items;
    };
    await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: 'Acme', domains: ['acme.com'], stage: 'demo' }],
    });
    const [account] = (await list('accounts')) as Array<{ id: string }>;
    if (!account) throw new Error('the account was not stored');
    await put(token, 'contacts', {
      contacts: [
        {
          externalId: 'c-1',
          email: 'jo@acme.com',
          name: 'Jo',
          title: 'CFO',
          accountId: account.id,
        },
      ],
    });
    await put(token, 'leads', {
      leads: [
        { email: 'li@lead.test', name: 'Li', company: 'Lead Co', accountExternalId: 'acc-1' },
      ],
    });

    // A CRM pushing only what changed: the stage, a contact's name, a lead's company.
    await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: 'Acme', stage: 'negotiation' }],
    });
    await put(token, 'contacts', {
      contacts: [{ externalId: 'c-1', email: 'jo@acme.com', name: 'Joanna' }],
    });
    await put(token, 'leads', { leads: [{ email: 'li@lead.test', company: 'Lead Company' }] });
    expect(await list('accounts')).toMatchObject([
      { externalId: 'acc-1', domains: ['acme.com'], stage: 'negotiation' },
    ]);
    expect(await list('contacts')).toMatchObject([
      { name: 'Joanna', title: 'CFO', accountId: account.id },
    ]);
    expect(await list('leads')).toMatchObject([
      { name: 'Li', company: 'Lead Company', accountId: account.id },
    ]);

    // null clears; an empty list of domains is a list of none.
    await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: 'Acme', domains: [], stage: null }],
    });
    await put(token, 'contacts', {
      contacts: [{ externalId: 'c-1', email: 'jo@acme.com', title: null, accountId: null }],
    });
    expect(await list('accounts')).toMatchObject([{ domains: [], stage: null }]);
    expect(await list('contacts')).toMatchObject([
      { name: 'Joanna', title: null, accountId: null },
    ]);

    // A new record starts empty where it sends nothing.
    await put(token, 'accounts', { accounts: [{ name: 'Bare Ltd' }] });
    await put(token, 'leads', { leads: [{ email: 'new@bare.test' }] });
    expect(
      (await list('accounts')).find((a) => 'name' in a && a.name === 'Bare Ltd'),
    ).toMatchObject({
      domains: [],
      stage: null,
    });
    expect(
      (await list('leads')).find((l) => 'email' in l && l.email === 'new@bare.test'),
    ).toMatchObject({
      name: null,
      company: null,
      accountId: null,
    });
  });

  it("a CRM change re-detects the organisation's meetings: a new account claims its attendees", async () => {
    const { token } = await seedNorthwind(context().store);
    await importCalendar(
      api.server,
      token,
      salesFeed({ singleAttendee: 'buyer@globex.com', singleTitle: 'Globex discovery call' }),
    );
    await api.app.queue.drain();
    const [before] = (await meetings(token)).filter((m) => m.title === 'Globex discovery call');
    expect(before).toMatchObject({ account: null, externalDomains: ['globex.com'] });
    const globex = await put(token, 'accounts', {
      accounts: [{ externalId: 'gx', name: 'Globex', domains: ['globex.com'], stage: 'proposal' }],
    });
    await api.app.queue.drain();
    const [after] = (await meetings(token)).filter((m) => m.title === 'Globex discovery call');
    expect(after).toMatchObject({
      id: before!.id,
      account: { id: globex.json().items[0].id, externalId: 'gx', stage: 'proposal' },
    });
  });

  it('validation errors are a 400 naming the field, and nothing is stored', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const cases: Array<[string, object, string]> = [
      [
        'accounts',
        {
          accounts: [
            { name: 'Fine', domains: ['fine.com'] },
            { name: 'Bad', domains: ['not a domain'] },
          ],
        },
        'body.accounts.1.domains.0',
      ],
      ['accounts', { accounts: [{ name: 'Staged', stage: 'won' }] }, 'body.accounts.0.stage'],
      ['accounts', { accounts: [{ domains: ['x.com'] }] }, 'body.accounts.0.name'],
      ['accounts', { accounts: [] }, 'body.accounts'],
      [
        'accounts',
        { accounts: Array.from({ length: 5001 }, (_, i) => ({ name: `A${i}` })) },
        'body.accounts',
      ],
      ['leads', { leads: [{ email: 'not-an-email' }] }, 'body.leads.0.email'],
      [
        'leads',
        { leads: [{ email: 'a@b.com', accountExternalId: 'nope' }] },
        'body.leads.0.accountExternalId',
      ],
      [
        'contacts',
        { contacts: [{ email: 'a@b.com', accountId: 'x', accountExternalId: 'y' }] },
        'body.contacts.0.accountExternalId',
      ],
      [
        'contacts',
        { contacts: [{ email: 'a@b.com', accountId: 'no-such-account' }] },
        'body.contacts.0.accountId',
      ],
    ];
    for (const [kind, payload, field] of cases) {
      const response = await put(token, kind, payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'invalid_input' });
      expect(response.json().error.message, field).toContain(field);
    }
    const { store } = context();
    expect(await store.crm.listAccounts({ orgId })).toEqual([]);
    expect(await store.crm.listLeads({ orgId })).toEqual([]);
    expect(await store.crm.listContacts({ orgId })).toEqual([]);
  });

  it('a batch naming one record twice is a 400 naming both items, and nothing is stored', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const cases: Array<[string, object, string]> = [
      [
        'accounts',
        {
          accounts: [
            { externalId: 'acc-9', name: 'Nine', domains: ['nine.com'] },
            { externalId: 'acc-8', name: 'Eight' },
            { externalId: 'acc-9', name: 'Nine again', domains: ['nine.io'] },
          ],
        },
        'body.accounts.2.externalId: "acc-9" is also item 0\'s; each record once per request',
      ],
      [
        'contacts',
        {
          contacts: [
            { email: 'x@acme.com', name: 'X1' },
            { email: 'X@acme.com', name: 'X2' },
          ],
        },
        'body.contacts.1.email: "X@acme.com" is also item 0\'s (as x@acme.com)',
      ],
      [
        'leads',
        {
          leads: [
            { externalId: 'l-1', email: 'a@acme.com' },
            { externalId: 'l-1', email: 'b@acme.com' },
          ],
        },
        'body.leads.1.externalId: "l-1" is also item 0\'s',
      ],
    ];
    for (const [kind, payload, message] of cases) {
      const response = await put(token, kind, payload);
      expect(response.statusCode, message).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'invalid_input' });
      expect(response.json().error.message).toContain(message);
    }
    const { store } = context();
    expect(await store.crm.listAccounts({ orgId })).toEqual([]);
    expect(await store.crm.listLeads({ orgId })).toEqual([]);
    expect(await store.crm.listContacts({ orgId })).toEqual([]);
  });

  it('the meeting and CRM routes are in the OpenAPI document, with their descriptions', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/calendar/meetings/detect/',
      '/api/v1/calendar/meetings/',
      '/api/v1/calendar/events/{id}/insights/',
      '/api/v1/calendar/meetings/{id}/feedback/',
      '/api/v1/crm/accounts/',
      '/api/v1/crm/leads/',
      '/api/v1/crm/contacts/',
    ])
      expect(Object.keys(docs.paths)).toContain(path);
    const put = docs.paths['/api/v1/crm/leads/'].put;
    expect(put.security).toEqual([{ bearer: [] }]);
    expect(JSON.stringify(docs.components.schemas.CrmLeadInput)).toContain(
      "the account by the CRM's id",
    );
    expect(docs.components.schemas.Meeting.properties.confidence.description).toContain(
      'calibrated probability',
    );
  });

  it('needs a token, as the calendar routes do', async () => {
    const response = await api.server.inject({
      method: 'PUT',
      url: `${CRM_BASE}/accounts/`,
      payload: { accounts: [{ name: 'Acme' }] },
    });
    expect(response.statusCode).toBe(401);
  });

  it("another organisation's token sees none of the meetings or CRM data, and matches only its own CRM", async () => {
    const { store } = context();
    const owner = await seedNorthwind(store, 'Owner');
    const acmeId = await putAcmeCrm(api.server, owner.token);
    await importCalendar(api.server, owner.token, salesFeed());
    await api.app.queue.drain();
    const ownMeetings = await meetings(owner.token);
    expect(ownMeetings).toHaveLength(4);
    const discovery = ownMeetings[0]!;

    // The same person's address in another organisation: nothing of the first is visible.
    const other = await seedNorthwind(store, 'Other');
    expect(await meetings(other.token)).toEqual([]);
    expect((await get(other.token, `/events/${discovery.eventId}/insights/`)).statusCode).toBe(404);
    const feedback = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/${discovery.id}/feedback/`,
      headers: bearer(other.token),
      payload: { verdict: 'reject' },
    });
    expect(feedback.statusCode).toBe(404);
    const linked = await put(other.token, 'contacts', {
      contacts: [{ email: 'spy@other.test', accountId: acmeId }],
    });
    expect(linked.statusCode).toBe(400);
    // Its own records with the same external ids are its own: the owner's stay as they were.
    await put(other.token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: 'Renamed', domains: ['other.test'] }],
    });
    expect(await store.crm.listAccounts({ orgId: owner.orgId })).toEqual([
      expect.objectContaining({ id: acmeId, name: 'Acme Corp', domains: ['acme.com'] }),
    ]);

    // Its calendar with the same meetings is matched against its own (empty) CRM only.
    await importCalendar(api.server, other.token, salesFeed());
    await api.app.queue.drain();
    const [theirs] = (await meetings(other.token)).filter((m) => m.title === 'Acme discovery call');
    expect(theirs).toMatchObject({ account: null });
    expect(theirs!.participants.every((p) => p.contactId === null && p.leadId === null)).toBe(true);
    expect(await meetings(owner.token)).toEqual(ownMeetings);
  });
});
