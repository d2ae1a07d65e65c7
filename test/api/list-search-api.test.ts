/**
 * QA: the dashboard's Meetings and Relationships had no search; neither list took a `q`. Both
 * do now: meetings by title, account name, or an attendee's name or address (the CRM's name of
 * a bare address too); relationships by name, key, or their account's domains. Case and accents
 * are ignored, and LIKE's wildcards are taken literally.
 */
import { beforeEach, expect, it } from 'vitest';
import { seedAcmeAndGlobexCall, useQueuedApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { newRelationship } from '../support/relationship-meetings.js';

describeEachDialect('Meetings and relationships: text search (q)', (context) => {
  const api = useQueuedApi(context);
  let token: string;
  let orgId: string;

  beforeEach(async () => {
    // The single meeting is with Émile of Globex (not a CRM contact): Acme has the check-ins.
    ({ token, orgId } = await seedAcmeAndGlobexCall(api(), context().store, () => 'gx', {
      attendee: 'emile@globex.com',
      title: 'Pricing call',
    }));
  });

  const get = (url: string) =>
    api().server.inject({ method: 'GET', url: `${CALENDAR_BASE}${url}`, headers: bearer(token) });

  const meetingTitles = async (q: string): Promise<string[]> => {
    const response = await get(`/meetings/?limit=500&q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    return [...new Set((response.json().items as { title: string }[]).map((m) => m.title))].sort();
  };

  it('finds meetings by title, account name and attendee, ignoring case', async () => {
    expect(await meetingTitles('PRICING')).toEqual(['Pricing call']);
    expect(await meetingTitles('acme corp')).toEqual(['Acme weekly check-in']);
    expect(await meetingTitles('EMILE@globex')).toEqual(['Pricing call']);
    // cfo@acme.com is a bare address in the invitation: the CRM knows her as Sam Lee.
    expect(await meetingTitles('sam lee')).toEqual(['Acme weekly check-in']);
    expect(await meetingTitles('nobody')).toEqual([]);
    expect(await meetingTitles('%')).toEqual([]);
  });

  it('a blank or overlong q is a 400', async () => {
    expect((await get('/meetings/?q=%20')).statusCode).toBe(400);
    expect((await get(`/meetings/?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
    expect((await get('/relationships/?q=')).statusCode).toBe(400);
  });

  it('finds relationships by name, by domain key and by the account’s domains', async () => {
    await context().store.relationships.save(
      { orgId },
      [newRelationship('domain:zürich-robotics.ch', { name: 'Zürich Robotics' })],
      [],
    );
    const keys = async (q: string) => {
      const response = await get(`/relationships/?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as { name: string | null }[]).map((r) => r.name).sort();
    };
    expect(await keys('acme')).toEqual(['Acme Corp']);
    // acme.com is one of Acme Corp's domains, not in its name or key (its id).
    expect(await keys('ACME.COM')).toEqual(['Acme Corp']);
    expect(await keys('zurich')).toEqual(['Zürich Robotics']);
    expect(await keys('robotics.ch')).toEqual(['Zürich Robotics']);
    expect(await keys('globex.com')).toEqual(['Globex']);
    expect(await keys('initech')).toEqual([]);
  });
});
