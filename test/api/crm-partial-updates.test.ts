/**
 * QA: a CRM pushing only what changed. `PUT /crm/leads/ {"leads":[{"externalId":"lead-2",
 * "company":null}]}` for a stored lead answered 400 `body.leads.0.email: is required`, though the
 * README promises that a field left out keeps its value. An update by externalId may now leave out
 * every other field; a new record still needs its name or email, and nobody may clear them.
 */
import { expect, it } from 'vitest';
import { useApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { putCrm, seedNorthwind, storedCrm } from '../support/meetings.js';

describeEachDialect('CRM API: partial updates by externalId', (context) => {
  const api = useApi(context);

  const put = (token: string, kind: string, payload: object) =>
    putCrm(api().server, token, kind, payload);

  const seeded = async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const accounts = await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: 'Globex', domains: ['globex.com'], stage: 'demo' }],
    });
    expect(accounts.statusCode).toBe(200);
    const people = { externalId: 'p-2', email: 'sam@globex.com', name: 'Sam' };
    const leads = await put(token, 'leads', {
      leads: [{ ...people, company: 'Globex', accountExternalId: 'acc-1' }],
    });
    const contacts = await put(token, 'contacts', {
      contacts: [{ ...people, title: 'CFO', accountExternalId: 'acc-1' }],
    });
    expect([leads.statusCode, contacts.statusCode]).toEqual([200, 200]);
    return { orgId, token };
  };

  const stored = (orgId: string) => storedCrm(context().store, orgId);

  it('a stored record updated by externalId keeps every field it leaves out, its name or email too', async () => {
    const { orgId, token } = await seeded();
    const before = await stored(orgId);
    const lead = await put(token, 'leads', { leads: [{ externalId: 'p-2', company: null }] });
    expect(lead.statusCode, lead.body).toBe(200);
    expect(lead.json().items).toEqual([{ id: before.leads[0]?.id, externalId: 'p-2' }]);
    const account = await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', stage: 'negotiation' }],
    });
    expect(account.statusCode, account.body).toBe(200);
    const contact = await put(token, 'contacts', {
      contacts: [{ externalId: 'p-2', title: 'CEO' }],
    });
    expect(contact.statusCode, contact.body).toBe(200);

    const after = await stored(orgId);
    const accountId = before.accounts[0]?.id;
    expect(after.accounts).toMatchObject([
      { externalId: 'acc-1', name: 'Globex', domains: ['globex.com'], stage: 'negotiation' },
    ]);
    expect(after.leads).toMatchObject([
      { email: 'sam@globex.com', name: 'Sam', company: null, accountId },
    ]);
    expect(after.contacts).toMatchObject([
      { email: 'sam@globex.com', name: 'Sam', title: 'CEO', accountId },
    ]);
  });

  it('a new record without its name or email is a 400 naming its index, externalId and field, and nothing is stored', async () => {
    const { orgId, token } = await seeded();
    const before = await stored(orgId);
    const leads = await put(token, 'leads', {
      leads: [
        { externalId: 'p-2', company: 'Globex Inc' },
        { externalId: 'lead-9', company: 'Umbrella' },
        { externalId: 'lead-10', name: 'Zoe' },
      ],
    });
    expect(leads.statusCode).toBe(400);
    expect(leads.json().error.message).toBe(
      'body.leads.1.email: is required for a new lead, and no lead of your organisation has externalId "lead-9"; ' +
        'body.leads.2.email: is required for a new lead, and no lead of your organisation has externalId "lead-10"',
    );
    const accounts = await put(token, 'accounts', {
      accounts: [
        { externalId: 'acc-1', stage: 'closed_won' },
        { externalId: 'acc-new', stage: 'demo' },
      ],
    });
    expect(accounts.statusCode).toBe(400);
    expect(accounts.json().error.message).toBe(
      'body.accounts.1.name: is required for a new account, and no account of your organisation has externalId "acc-new"',
    );
    // Without an externalId it can only be a new record (the API's validation words it).
    const contacts = await put(token, 'contacts', { contacts: [{ title: 'VP' }] });
    expect(contacts.statusCode).toBe(400);
    expect(contacts.json().error.message).toBe('body.contacts.0.email: is required');
    // All or nothing: the update of p-2 and acc-1 beside the refused items was not written.
    expect(await stored(orgId)).toEqual(before);
  });

  it('another organisation’s externalId is no stored record of yours', async () => {
    await seeded();
    const stranger = await seedNorthwind(context().store, 'Stranger');
    const response = await put(stranger.token, 'leads', { leads: [{ externalId: 'p-2' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      'no lead of your organisation has externalId "p-2"',
    );
  });

  it('a name or email sent as null is refused: it cannot be cleared', async () => {
    const { orgId, token } = await seeded();
    const before = await stored(orgId);
    const lead = await put(token, 'leads', { leads: [{ externalId: 'p-2', email: null }] });
    expect(lead.statusCode).toBe(400);
    expect(lead.json().error.message).toBe(
      'body.leads.0.email: email cannot be cleared (null): leave it out to keep the stored one',
    );
    const account = await put(token, 'accounts', {
      accounts: [{ externalId: 'acc-1', name: null }],
    });
    expect(account.statusCode).toBe(400);
    expect(account.json().error.message).toContain('body.accounts.0.name: name cannot be cleared');
    expect(await stored(orgId)).toEqual(before);
  });
});
