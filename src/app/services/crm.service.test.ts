/**
 * An organisation file is imported whole or not at all: a bad reference anywhere, or a write
 * that fails, leaves the organisation's domains and CRM records as they were.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { Store } from '../../store/store.js';
import { parseOrganisationFile } from '../crm/crm-files.js';
import { CrmService } from './crm.service.js';

/** The reviewer's partial.json: the lead names an account that is neither in the file nor stored. */
const PARTIAL = parseOrganisationFile(
  JSON.stringify({
    internalDomains: ['northwind.co.uk'],
    accounts: [{ id: 'acc-1', name: 'Acme', domains: ['acme.com'] }],
    leads: [{ id: 'lead-1', email: 'jdoe@acme.com', accountId: 'acc-99' }],
    contacts: [{ id: 'con-1', email: 'cfo@acme.com', accountId: 'acc-1' }],
  }),
);

/** A Store (and its transactions) refusing to write contacts, as a lost connection would. */
function failingContacts(store: Store): Store {
  const failing = (base: Store): Store =>
    Object.assign(Object.create(base) as Store, {
      crm: { ...base.crm, upsertContacts: () => Promise.reject(new Error('connection lost')) },
    });
  return Object.assign(failing(store), {
    transaction: <T>(fn: (tx: Store) => Promise<T>) => store.transaction((tx) => fn(failing(tx))),
  });
}

describeEachDialect('CRM service: importing an organisation file', (context) => {
  const setUp = async (store = context().store) => {
    const org = await context().store.organisations.create({
      name: `crm import ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const redetected: string[] = [];
    const service = new CrmService(store, async (scope) => {
      redetected.push(scope.orgId);
      return 1;
    });
    return { scope: { orgId: org.id }, service, redetected };
  };

  const stored = async (scope: { orgId: string }) => {
    const { store } = context();
    return {
      internalDomains: (await store.organisations.get(scope))?.internalDomains,
      accounts: await store.crm.listAccounts(scope),
      leads: await store.crm.listLeads(scope),
      contacts: await store.crm.listContacts(scope),
    };
  };

  it('a lead naming an unknown account stores nothing, not even the records before it', async () => {
    const { scope, service, redetected } = await setUp();
    const before = await stored(scope);
    await expect(service.importRecords(scope, PARTIAL)).rejects.toThrow(
      'leads.0.accountExternalId: no account with externalId "acc-99" in your organisation',
    );
    expect(await stored(scope)).toEqual(before);
    expect(before).toMatchObject({ internalDomains: ['northwind.io'], accounts: [] });
    expect(redetected).toEqual([]);
  });

  it('a write that fails after the checks leaves everything as it was', async () => {
    const { scope, service, redetected } = await setUp(failingContacts(context().store));
    const fine = { ...PARTIAL, leads: [] };
    const before = await stored(scope);
    await expect(service.importRecords(scope, fine)).rejects.toThrow('connection lost');
    expect(await stored(scope)).toEqual(before);
    expect(redetected).toEqual([]);
  });

  it("resolves references to the file's own accounts and to stored ones, then re-detects once", async () => {
    const { scope, service, redetected } = await setUp();
    const [old] = await context().store.crm.upsertAccounts(scope, [
      { externalId: 'acc-0', name: 'Old' },
    ]);
    const records = parseOrganisationFile(
      JSON.stringify({
        internalDomains: ['Northwind.co.uk'],
        accounts: [{ id: 'acc-1', name: 'Acme', domains: ['acme.com'] }],
        leads: [{ email: 'jdoe@acme.com', accountId: 'acc-1' }],
        contacts: [{ email: 'cfo@old.test', accountId: 'acc-0' }],
      }),
    );
    expect(await service.importRecords(scope, records)).toEqual({
      internalDomains: ['northwind.io', 'northwind.co.uk'],
      accounts: 1,
      leads: 1,
      contacts: 1,
      redetection: { users: 1 },
    });
    const after = await stored(scope);
    const acme = after.accounts.find((a) => a.externalId === 'acc-1');
    expect(after.leads).toMatchObject([{ email: 'jdoe@acme.com', accountId: acme?.id }]);
    expect(after.contacts).toMatchObject([{ email: 'cfo@old.test', accountId: old?.id }]);
    expect(redetected).toEqual([scope.orgId]);
  });
});
