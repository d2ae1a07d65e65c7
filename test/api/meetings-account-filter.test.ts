/**
 * QA: `GET /meetings/?accountId=acc-initech` (the CRM's id, imported as externalId) answered 200
 * with 0 items and no error. The CRM's id is now a filter of its own (`accountExternalId`), and an
 * accountId that names none of the organisation's accounts is a 400 saying which name to use.
 */
import { expect, it } from 'vitest';
import { seedAcmeAndGlobexCall, useQueuedApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('Meetings API: filtering by the CRM account id', (context) => {
  const api = useQueuedApi(context);

  const list = (token: string, query: string) =>
    api().server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/meetings/?limit=500&${query}`,
      headers: bearer(token),
    });

  const seeded = async () => {
    // The single meeting is with Globex, another account: a filter that is ignored lists it too.
    const { token } = await seedAcmeAndGlobexCall(api(), context().store, () => 'gx');
    const all: { id: string; account: { id: string; externalId: string } | null }[] = (
      await list(token, '')
    ).json().items;
    const acme = all.filter((m) => m.account?.externalId === 'acc-1');
    expect(acme.length).toBeGreaterThan(0);
    expect(acme.length).toBeLessThan(all.length);
    return { token, acme, accountId: acme[0]?.account?.id ?? '' };
  };

  it('accountExternalId lists the same meetings as calintel’s accountId', async () => {
    const { token, acme, accountId } = await seeded();
    const byExternal = await list(token, 'accountExternalId=acc-1');
    expect(byExternal.statusCode, byExternal.body).toBe(200);
    const ids = (page: { items: { id: string }[] }) => page.items.map((m) => m.id).sort();
    expect(ids(byExternal.json())).toEqual(ids({ items: acme }));
    expect(ids((await list(token, `accountId=${accountId}`)).json())).toEqual(
      ids(byExternal.json()),
    );
  });

  it('an id naming no account of the organisation is a 400 that says which filter to use', async () => {
    const { token, accountId } = await seeded();
    const crmIdAsOurs = await list(token, 'accountId=acc-1');
    expect(crmIdAsOurs.statusCode).toBe(400);
    expect(crmIdAsOurs.json().error).toMatchObject({ code: 'invalid_input' });
    expect(crmIdAsOurs.json().error.message).toBe(
      `querystring.accountId: "acc-1" is the CRM's id (externalId) of Acme Corp, not calintel's id: use accountExternalId=acc-1, or accountId=${accountId}`,
    );
    const unknown = await list(token, 'accountId=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("for the CRM's id use accountExternalId");
    const unknownExternal = await list(token, 'accountExternalId=acc-nope');
    expect(unknownExternal.statusCode).toBe(400);
    expect(unknownExternal.json().error.message).toBe(
      'querystring.accountExternalId: no account with externalId "acc-nope" in your organisation',
    );
    const both = await list(token, `accountId=${accountId}&accountExternalId=acc-1`);
    expect(both.statusCode).toBe(400);
    // Another organisation's account is none of this one's.
    const stranger = await seedNorthwind(context().store, 'Stranger');
    expect((await list(stranger.token, `accountId=${accountId}`)).statusCode).toBe(400);
  });
});
