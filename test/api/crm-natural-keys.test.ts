/**
 * QA (black box) of duplicates: an account named "Umbrella" and then "umbrella" made two
 * accounts, and a first push with externalIds made a second lead beside the one a push without
 * ids had made for the same email (and matching then picked the new one, without its name).
 * Names match without case and extra spaces; a record with a new externalId adopts the record
 * of its natural key that has none, never one with another externalId.
 */
import { expect, it } from 'vitest';
import { useApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CRM_BASE, putCrm, seedNorthwind } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('CRM API: natural keys', (context) => {
  const api = useApi(context);

  const put = async (token: string, kind: string, payload: object) => {
    const response = await putCrm(api().server, token, kind, payload);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as Array<{ id: string; externalId: string | null }>;
  };

  it('an account name matches without case and extra spaces', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const [umbrella] = await put(token, 'accounts', {
      accounts: [{ name: 'Umbrella', domains: ['umbrella.com'] }],
    });
    const [again] = await put(token, 'accounts', { accounts: [{ name: 'umbrella' }] });
    const [spaced] = await put(token, 'accounts', {
      accounts: [{ name: '  UMBRELLA ', stage: 'demo' }],
    });
    expect([again?.id, spaced?.id]).toEqual([umbrella?.id, umbrella?.id]);
    expect(await context().store.crm.listAccounts({ orgId })).toMatchObject([
      { name: 'UMBRELLA', domains: ['umbrella.com'], stage: 'demo' },
    ]);
  });

  it('a first push with externalIds adopts the records a push without ids made', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const [samuel] = await put(token, 'leads', {
      leads: [{ email: 'sam@initech.com', name: 'Samuel' }],
    });
    const [l2] = await put(token, 'leads', {
      leads: [{ externalId: 'L2', email: 'Sam@initech.com' }],
    });
    expect(l2).toEqual({ id: samuel?.id, externalId: 'L2' });
    const [account] = await put(token, 'accounts', { accounts: [{ name: 'Initech' }] });
    const [adopted] = await put(token, 'accounts', {
      accounts: [{ externalId: 'A1', name: 'initech', stage: 'demo' }],
    });
    expect(adopted).toEqual({ id: account?.id, externalId: 'A1' });
    const { store } = context();
    expect(await store.crm.listLeads({ orgId })).toMatchObject([
      { id: samuel?.id, externalId: 'L2', email: 'sam@initech.com', name: 'Samuel' },
    ]);
    expect(await store.crm.listAccounts({ orgId })).toMatchObject([
      { id: account?.id, externalId: 'A1', name: 'initech', stage: 'demo' },
    ]);
  });

  it('a natural key matching a record with another externalId is another record', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const [l2] = await put(token, 'contacts', {
      contacts: [{ externalId: 'C2', email: 'sam@initech.com', name: 'Samuel' }],
    });
    const [l3] = await put(token, 'contacts', {
      contacts: [{ externalId: 'C3', email: 'sam@initech.com', name: 'Sam' }],
    });
    expect(l3?.id).not.toBe(l2?.id);
    const [a1] = await put(token, 'accounts', {
      accounts: [{ externalId: 'A1', name: 'Initech' }],
    });
    const [a2] = await put(token, 'accounts', {
      accounts: [{ externalId: 'A2', name: 'INITECH' }],
    });
    expect(a2?.id).not.toBe(a1?.id);
    const { store } = context();
    expect(await store.crm.listContacts({ orgId })).toHaveLength(2);
    expect(await store.crm.listAccounts({ orgId })).toHaveLength(2);
  });

  it('only one of two new externalIds adopts a record without one; the other is new', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const [bare] = await put(token, 'leads', { leads: [{ email: 'jo@acme.com', name: 'Jo' }] });
    const [first, second] = await put(token, 'leads', {
      leads: [
        { externalId: 'J1', email: 'jo@acme.com' },
        { externalId: 'J2', email: 'jo@acme.com' },
      ],
    });
    expect(first?.id).toBe(bare?.id);
    expect(second?.id).not.toBe(bare?.id);
    expect(await context().store.crm.listLeads({ orgId })).toHaveLength(2);
  });

  it('a batch naming one account twice by case is refused', async () => {
    const { token } = await seedNorthwind(context().store);
    const response = await api().server.inject({
      method: 'PUT',
      url: `${CRM_BASE}/accounts/`,
      headers: bearer(token),
      payload: { accounts: [{ name: 'Hooli' }, { name: 'hooli ' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.errors).toEqual([
      {
        index: 1,
        externalId: null,
        field: 'name',
        message: '"hooli" is also item 0\'s; each record once per request',
      },
    ]);
  });
});
