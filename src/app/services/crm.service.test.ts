/**
 * An organisation file is imported whole or not at all: a bad reference anywhere, or a write
 * that fails, leaves the organisation's domains and CRM records as they were. A file or a batch
 * naming one record twice is refused the same way, instead of merging the two.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { Store } from '../../store/store.js';
import { parseCrmCsv, parseOrganisationFile } from '../crm/crm-files.js';
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

describeEachDialect('CRM service: importing an organisation file, upserting a batch', (context) => {
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

  it('a batch naming one record twice is refused before anything is written', async () => {
    const { scope, service, redetected } = await setUp();
    const before = await stored(scope);
    await expect(
      service.upsertAccounts(scope, [
        { externalId: 'acc-9', name: 'Nine', domains: ['nine.com'] },
        { externalId: 'acc-9', name: 'Nine again', domains: ['nine.io'] },
      ]),
    ).rejects.toThrow(
      'body.accounts.1.externalId: "acc-9" is also item 0\'s; each record once per request',
    );
    // Matched by name, the second would update the account the first one creates.
    await expect(
      service.upsertAccounts(scope, [{ externalId: 'acc-1', name: 'Acme' }, { name: 'Acme' }]),
    ).rejects.toThrow('body.accounts.1.name: "Acme" is also item 0\'s');
    await expect(
      service.upsertContacts(scope, [
        { email: 'x@acme.com', name: 'X1' },
        { email: 'X@acme.com', name: 'X2' },
      ]),
    ).rejects.toThrow('body.contacts.1.email: "X@acme.com" is also item 0\'s (as x@acme.com)');
    await expect(
      service.upsertLeads(scope, [
        { email: 'l@acme.com' },
        { externalId: 'l-1', email: 'l@acme.com' },
      ]),
    ).rejects.toThrow('body.leads.1.email: "l@acme.com" is also item 0\'s');
    expect(await stored(scope)).toEqual(before);
    expect(redetected).toEqual([]);
  });

  it('two CRM ids are two records, even with one name or email', async () => {
    const { scope, service } = await setUp();
    const accounts = await service.upsertAccounts(scope, [
      { externalId: 'acc-1', name: 'Acme' },
      { externalId: 'acc-2', name: 'Acme' },
    ]);
    expect(new Set(accounts.items.map((i) => i.id)).size).toBe(2);
    const leads = await service.upsertLeads(scope, [
      { externalId: 'l-1', email: 'l@acme.com' },
      { externalId: 'l-2', email: 'L@acme.com' },
    ]);
    expect(new Set(leads.items.map((i) => i.id)).size).toBe(2);
  });

  it('an organisation file naming one record twice writes nothing', async () => {
    const { scope, service, redetected } = await setUp();
    const before = await stored(scope);
    // Built by hand rather than parsed: the service refuses it whoever read the file.
    const records = {
      ...PARTIAL,
      leads: [],
      contacts: [
        { externalId: 'con-1', email: 'cfo@acme.com' },
        { externalId: 'con-1', email: 'ceo@acme.com' },
      ],
    };
    await expect(service.importRecords(scope, records)).rejects.toThrow(
      'contacts.1.externalId: "con-1" is also item 0\'s; each record once per file',
    );
    expect(await stored(scope)).toEqual(before);
    expect(redetected).toEqual([]);
  });

  it("a CSV naming missing accounts is refused whole, naming every bad row's line and column", async () => {
    // QA's contacts.csv: a quoted cell, then a row naming an account that is nowhere.
    const { scope, service, redetected } = await setUp();
    await context().store.crm.upsertAccounts(scope, [
      { externalId: 'acc-contoso', name: 'Contoso' },
    ]);
    const before = await stored(scope);
    const csv =
      'externalId,email,name,accountExternalId,title\n' +
      'con-20,"carol@contoso.com","Carol, VP",acc-contoso,VP Sales\n' +
      'con-21,dave@contoso.com,Dave,acc-nope,CTO\n' +
      'con-22,erin@contoso.com,Erin,acc-gone,CEO\n';
    await expect(service.importRecords(scope, parseCrmCsv('contacts', csv))).rejects.toThrow(
      'nothing was imported; fix these and import the file again: ' +
        'line 3, column 4 (accountExternalId): no account with externalId "acc-nope" in your organisation; ' +
        'line 4, column 4 (accountExternalId): no account with externalId "acc-gone" in your organisation',
    );
    expect(await stored(scope)).toEqual(before);
    expect(redetected).toEqual([]);
  });

  it('a CSV row updating by an unknown id without an email names its line and the email column', async () => {
    const { scope, service } = await setUp();
    const records = parseCrmCsv('leads', 'id,email,company\nlead-2,,Globex\n');
    await expect(service.importRecords(scope, records)).rejects.toThrow(
      'nothing was imported; fix these and import the file again: line 2, column 2 (email): is required for a new lead, and no lead of your organisation has externalId "lead-2"',
    );
  });
});
