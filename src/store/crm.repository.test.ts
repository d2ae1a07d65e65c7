import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/databases.js';

describeEachDialect('crm repository', (context) => {
  it('upserts accounts by external id, else by name, so a re-import changes nothing', async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'crm org' });
    const scope = { orgId: org.id };
    const input = [
      { externalId: 'sf-1', name: 'Customer Inc', domains: ['Customer.test'], stage: 'prospect' },
      { name: 'No Id Ltd', domains: [] },
    ];
    const first = await store.crm.upsertAccounts(scope, input);
    const second = await store.crm.upsertAccounts(scope, input);
    expect(second.map((a) => a.id)).toEqual(first.map((a) => a.id));
    expect(first[0]).toMatchObject({ domains: ['customer.test'], stage: 'prospect' });
    const renamed = await store.crm.upsertAccounts(scope, [
      { externalId: 'sf-1', name: 'Customer Group', stage: 'customer' },
    ]);
    expect(renamed[0]).toMatchObject({
      id: first[0]!.id,
      name: 'Customer Group',
      stage: 'customer',
    });
    expect(await store.crm.listAccounts(scope)).toHaveLength(2);
  });

  it('upserts leads and contacts by external id or email, keeping an external id it already has', async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'crm org 2' });
    const scope = { orgId: org.id };
    const [account] = await store.crm.upsertAccounts(scope, [{ name: 'Acme' }]);
    const [lead] = await store.crm.upsertLeads(scope, [
      {
        externalId: 'l-1',
        email: ' Jane@Customer.TEST ',
        name: 'Jane',
        company: 'Customer',
        accountId: account!.id,
      },
    ]);
    expect(lead).toMatchObject({ email: 'jane@customer.test', accountId: account!.id });
    const [same] = await store.crm.upsertLeads(scope, [
      { email: 'jane@customer.test', name: 'Jane D.' },
    ]);
    expect(same).toMatchObject({ id: lead!.id, externalId: 'l-1', name: 'Jane D.' });
    const [contact] = await store.crm.upsertContacts(scope, [
      { email: 'bob@customer.test', title: 'CFO' },
    ]);
    expect(contact).toMatchObject({ title: 'CFO', externalId: null });
    expect(await store.crm.listContacts(scope, { email: 'BOB@customer.test' })).toEqual([contact]);
    expect(await store.crm.listLeads(scope)).toHaveLength(1);
  });

  it('upserts a batch at once: matches, new people, the same person twice, a foreign account', async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'crm org 3' });
    const other = await store.organisations.create({ name: 'crm org 4' });
    const scope = { orgId: org.id };
    const [account] = await store.crm.upsertAccounts(scope, [{ name: 'Acme' }]);
    const [foreign] = await store.crm.upsertAccounts({ orgId: other.id }, [{ name: 'Other' }]);
    const [known] = await store.crm.upsertContacts(scope, [
      { externalId: 'c-1', email: 'known@customer.test', title: 'CTO' },
    ]);
    const batch = await store.crm.upsertContacts(scope, [
      { externalId: 'c-1', email: 'known@customer.test', title: 'CEO', accountId: account!.id },
      { email: 'new@customer.test', name: 'New', accountId: foreign!.id },
      { email: 'twice@customer.test', title: 'first' },
      { email: 'Twice@Customer.test', title: 'second' },
    ]);
    expect(batch.map((c) => [c.email, c.title, c.accountId])).toEqual([
      ['known@customer.test', 'CEO', account!.id],
      ['new@customer.test', null, null],
      ['twice@customer.test', 'second', null],
      ['twice@customer.test', 'second', null],
    ]);
    expect(batch[0]!.id).toBe(known!.id);
    expect(batch[2]!.id).toBe(batch[3]!.id);
    expect(await store.crm.listContacts(scope)).toHaveLength(3);
    const many = Array.from({ length: 3000 }, (_, n) => ({ email: `p${n}@bulk.test` }));
    expect(await store.crm.upsertLeads(scope, many)).toHaveLength(3000);
    expect(await store.crm.listLeads(scope)).toHaveLength(3000);
  });
});
