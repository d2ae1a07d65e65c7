/**
 * QA (black box) of reading CRM records back: `GET /crm/accounts/?limit=2&cursor=x` ignored both
 * and answered every account (6.9 MB for 50,000), and leads and contacts had no GET (405). The
 * three lists now page as the others do, with the filters an integrator checks a push by.
 */
import { expect, it } from 'vitest';
import { useApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CRM_BASE, putCrm, seedNorthwind } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('CRM API: lists', (context) => {
  const api = useApi(context);

  const put = (token: string, kind: string, payload: object) =>
    putCrm(api().server, token, kind, payload);
  const get = (token: string, path: string) =>
    api().server.inject({ method: 'GET', url: `${CRM_BASE}${path}`, headers: bearer(token) });

  /** Every page of a list, `limit` at a time. */
  const everyPage = async (token: string, path: string, limit: number) => {
    const pages: Array<Array<{ id: string; externalId?: string }>> = [];
    let cursor: string | null = null;
    do {
      const at: string = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await get(token, at);
      expect(response.statusCode, at).toBe(200);
      pages.push(response.json().items);
      cursor = response.json().nextCursor;
    } while (cursor);
    return pages;
  };

  const seeded = async () => {
    const seed = await seedNorthwind(context().store);
    const accounts = Array.from({ length: 5 }, (_, i) => ({
      externalId: `acc-${i}`,
      name: `Account ${i}`,
      domains: [`a${i}.example`],
    }));
    expect((await put(seed.token, 'accounts', { accounts: accounts.slice(0, 3) })).statusCode).toBe(
      200,
    );
    expect((await put(seed.token, 'accounts', { accounts: accounts.slice(3) })).statusCode).toBe(
      200,
    );
    const people = [
      { externalId: 'p-1', email: 'Ann@a1.example', name: 'Ann', accountExternalId: 'acc-1' },
      { externalId: 'p-2', email: 'bob@a1.example', accountExternalId: 'acc-1' },
      { email: 'cy@a2.example', accountExternalId: 'acc-2' },
    ];
    expect((await put(seed.token, 'leads', { leads: people })).statusCode).toBe(200);
    const contacts = people.map(({ accountExternalId, ...p }) => ({
      ...p,
      title: 'CFO',
      accountExternalId,
    }));
    expect((await put(seed.token, 'contacts', { contacts })).statusCode).toBe(200);
    return seed;
  };

  it('accounts page by limit and cursor: every account once, oldest first', async () => {
    const { token } = await seeded();
    const pages = await everyPage(token, '/accounts/', 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const listed = pages.flat();
    expect(new Set(listed.map((a) => a.externalId)).size).toBe(5);
    // The second push's accounts come after the first's.
    expect(
      listed
        .slice(3)
        .map((a) => a.externalId)
        .sort(),
    ).toEqual(['acc-3', 'acc-4']);
    const once = await get(token, '/accounts/?limit=500');
    expect(once.json().items.map((a: { id: string }) => a.id)).toEqual(listed.map((a) => a.id));
    expect(once.json().nextCursor).toBeNull();
  });

  it('filters accounts by externalId and by domain', async () => {
    const { token } = await seeded();
    const byId = await get(token, '/accounts/?externalId=acc-3');
    expect(byId.json()).toEqual({
      items: [
        {
          id: expect.any(String),
          externalId: 'acc-3',
          name: 'Account 3',
          domains: ['a3.example'],
          stage: null,
        },
      ],
      nextCursor: null,
    });
    const byDomain = await get(token, '/accounts/?domain=A2.example');
    expect(byDomain.json().items.map((a: { externalId: string }) => a.externalId)).toEqual([
      'acc-2',
    ]);
    expect((await get(token, '/accounts/?domain=2.example')).json().items).toEqual([]);
  });

  it('leads and contacts are listed too, filtered by externalId, email or account', async () => {
    const { token } = await seeded();
    for (const kind of ['leads', 'contacts']) {
      const all = await everyPage(token, `/${kind}/`, 2);
      expect(all.flat()).toHaveLength(3);
      const ann = await get(token, `/${kind}/?email=ANN@a1.example`);
      expect(ann.json().items).toEqual([
        expect.objectContaining({
          externalId: 'p-1',
          email: 'ann@a1.example',
          name: 'Ann',
          accountExternalId: 'acc-1',
        }),
      ]);
      const accountId = ann.json().items[0].accountId as string;
      const ofAccount = await get(token, `/${kind}/?accountExternalId=acc-1`);
      expect(
        ofAccount
          .json()
          .items.map((p: { email: string }) => p.email)
          .sort(),
      ).toEqual(['ann@a1.example', 'bob@a1.example']);
      const byId = await get(token, `/${kind}/?accountId=${accountId}`);
      expect(byId.json().items).toHaveLength(2);
      const p2 = await get(token, `/${kind}/?externalId=p-2`);
      expect(p2.json().items).toEqual([
        expect.objectContaining({ email: 'bob@a1.example', name: null }),
      ]);
    }
    const lead = (await get(token, '/leads/?externalId=p-1')).json().items[0];
    expect(lead).toMatchObject({ company: null });
    const contact = (await get(token, '/contacts/?externalId=p-1')).json().items[0];
    expect(contact).toMatchObject({ title: 'CFO' });
  });

  it('refuses a cursor it did not give, one of other filters, and a limit out of bounds', async () => {
    const { token } = await seeded();
    const x = await get(token, '/accounts/?limit=2&cursor=x');
    expect(x.statusCode).toBe(400);
    expect(x.json().error.code).toBe('invalid_cursor');
    const first = await get(token, '/leads/?limit=1');
    const cursor = encodeURIComponent(first.json().nextCursor as string);
    const other = await get(token, `/leads/?limit=1&email=bob@a1.example&cursor=${cursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('invalid_cursor');
    const contacts = await get(token, `/contacts/?limit=1&cursor=${cursor}`);
    expect(contacts.statusCode).toBe(400);
    for (const limit of [0, 501])
      expect((await get(token, `/accounts/?limit=${limit}`)).statusCode).toBe(400);
    expect((await get(token, '/accounts/?nmae=x')).statusCode).toBe(400);
  });

  it("another organisation's lists are empty", async () => {
    await seeded();
    const stranger = await seedNorthwind(context().store, 'Stranger');
    for (const kind of ['accounts', 'leads', 'contacts'])
      expect((await get(stranger.token, `/${kind}/`)).json()).toEqual({
        items: [],
        nextCursor: null,
      });
  });

  it('the lists are in the OpenAPI document', async () => {
    const docs = (await api().server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const kind of ['accounts', 'leads', 'contacts']) {
      const list = docs.paths[`/api/v1/crm/${kind}/`].get;
      expect(list.description).toContain('nextCursor');
      expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['limit', 'cursor', 'externalId']),
      );
    }
  });
});
