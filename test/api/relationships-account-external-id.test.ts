/**
 * QA: a CRM developer imported accounts with externalId "acc-initech" and found
 * `GET /relationships/acc-initech/` answered 404: only calintel's id worked. Summaries now carry
 * the CRM's id, the list filters by it, and the detail falls back to it when no key matches.
 */
import { expect, it } from 'vitest';
import type { RelationshipSummary } from '../../src/api/relationships-schemas.js';
import {
  putAccount as putCrmAccount,
  seedAcmeAndGlobexCall,
  useQueuedApi,
} from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { newRelationship } from '../support/relationship-meetings.js';

describeEachDialect('relationships API: the CRM account id', (context) => {
  const api = useQueuedApi(context);

  const get = (token: string, url: string) =>
    api().server.inject({ method: 'GET', url: `${CALENDAR_BASE}${url}`, headers: bearer(token) });

  const putAccount = (token: string, externalId: string, name: string, domain: string) =>
    putCrmAccount(api(), token, { externalId, name, domain });

  /** Acme's meetings (account acc-1) and one with Globex, an account only when `globexId`. */
  const seeded = async (globexId?: (acmeId: string) => string) => {
    const { token, orgId, acmeId } = await seedAcmeAndGlobexCall(api(), context().store, globexId);
    const all = await get(token, '/relationships/');
    expect(all.statusCode, all.body).toBe(200);
    const items: RelationshipSummary[] = all.json().items;
    return { token, orgId, acmeId, items };
  };

  it('summaries carry the CRM id; a domain without an account has none', async () => {
    const { token, acmeId, orgId } = await seeded();
    // A relationship keyed by a domain, as detection writes one for a company not in the CRM.
    await context().store.relationships.save(
      { orgId },
      [newRelationship('domain:initrode.test')],
      [],
    );
    const items: RelationshipSummary[] = (await get(token, '/relationships/')).json().items;
    const pairs = items.map((r) => [r.accountKey, r.accountExternalId]);
    expect(pairs).toHaveLength(2);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [acmeId, 'acc-1'],
        ['domain:initrode.test', null],
      ]),
    );
    const detail = await get(token, `/relationships/${acmeId}/`);
    expect(detail.json()).toMatchObject({ accountId: acmeId, accountExternalId: 'acc-1' });
  });

  it('accountExternalId filters the list; an id naming no account is a 400', async () => {
    // Globex is an account too: a filter that is ignored lists it beside Acme.
    const { token, acmeId, items } = await seeded(() => 'gx');
    expect(items).toHaveLength(2);
    const filtered = await get(token, '/relationships/?accountExternalId=acc-1');
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().items.map((r: RelationshipSummary) => r.accountKey)).toEqual([acmeId]);
    const unknown = await get(token, '/relationships/?accountExternalId=acc-nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'invalid_input',
      message:
        'querystring.accountExternalId: no account with externalId "acc-nope" in your organisation',
    });
  });

  it('the detail reads the account by its CRM id when no key matches', async () => {
    const { token, acmeId } = await seeded();
    const byOurs = await get(token, `/relationships/${acmeId}/`);
    const byCrm = await get(token, '/relationships/acc-1/');
    expect(byCrm.statusCode, byCrm.body).toBe(200);
    expect(byCrm.json()).toEqual(byOurs.json());
    expect((await get(token, '/relationships/acc-nope/')).statusCode).toBe(404);
  });

  it('calintel’s key wins over an account whose CRM id is that key', async () => {
    // Globex is imported with Acme's calintel id as its CRM id.
    const { token, acmeId, items } = await seeded((acme) => acme);
    const globex = items.find((r) => r.name === 'Globex');
    expect(globex?.accountExternalId).toBe(acmeId);
    const detail = await get(token, `/relationships/${acmeId}/`);
    expect(detail.json()).toMatchObject({ accountKey: acmeId, name: 'Acme Corp' });
  });

  it('another organisation’s CRM id never matches', async () => {
    await seeded();
    const stranger = await seedNorthwind(context().store, 'Stranger');
    expect((await get(stranger.token, '/relationships/acc-1/')).statusCode).toBe(404);
    const listed = await get(stranger.token, '/relationships/?accountExternalId=acc-1');
    expect(listed.statusCode).toBe(400);
    // Its own account acc-1, without meetings, has no relationship either.
    await putAccount(stranger.token, 'acc-1', 'Stranger Acme', 'stranger-acme.com');
    expect((await get(stranger.token, '/relationships/acc-1/')).statusCode).toBe(404);
    const own = await get(stranger.token, '/relationships/?accountExternalId=acc-1');
    expect(own.json().items).toEqual([]);
  });
});
