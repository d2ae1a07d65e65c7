/**
 * A conflict whose events have all ended is no work left: the API reports it as `past` (judged
 * when read, from its events' ends and the clock), not among the open ones, with no suggestions,
 * and refuses to resolve or dismiss it (409 `conflict_past`); a caller asking for a range that
 * reaches back still reads it.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { describeEachDialect, type Tenant } from '../support/databases.js';
import type { TestApi } from '../support/test-app.js';
import { useConflictsApi } from './conflicts-api-env.js';

/** 2026-03-10 at noon: the demo and the team sync (10:00-11:30) are over, the call (15:00) is not. */
const AFTER_THE_MORNING = new Date('2026-03-10T12:00:00.000Z');

describeEachDialect('conflicts API: conflicts whose events have all ended', (context) => {
  const env = useConflictsApi(context);
  const { request, scan, setNow } = env;
  let api: TestApi;
  let tenant: Tenant;

  beforeEach(async () => {
    ({ api, tenant } = env.current());
    await scan();
  });

  const list = async (query: string): Promise<ConflictView[]> => {
    const response = await request('GET', `/conflicts/?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const byTitles = (items: ConflictView[]) =>
    items.map((c) => `${c.status}: ${c.events.map((e) => e.title).join(' + ')}`);
  const MORNING = 'open: Globex product demo + Team sync';
  const AFTERNOON = 'open: Globex pricing call + Hold';

  it('reports the conflict as past once its events have ended, without suggestions', async () => {
    expect(byTitles(await list('from=2026-03-01T00:00:00Z'))).toEqual([MORNING, AFTERNOON]);
    setNow(AFTER_THE_MORNING);
    const items = await list('from=2026-03-10T00:00:00Z');
    expect(byTitles(items)).toEqual(['past: Globex product demo + Team sync', AFTERNOON]);
    expect(items[0]?.suggestions).toEqual([]);
    expect(items[1]?.suggestions.length).toBeGreaterThan(0);
  });

  it('counts only what is ahead as open, and gives the past ones when asked for them', async () => {
    setNow(AFTER_THE_MORNING);
    expect(byTitles(await list('from=2026-03-10T00:00:00Z&status=open'))).toEqual([AFTERNOON]);
    expect(byTitles(await list('from=2026-03-10T00:00:00Z&status=past'))).toEqual([
      'past: Globex product demo + Team sync',
    ]);
    // The default range starts now: nothing past is in it.
    expect(byTitles(await list('status=past'))).toEqual([]);
    expect(byTitles(await list(''))).toEqual([AFTERNOON]);
  });

  it('refuses to resolve or dismiss a past conflict, and changes nothing', async () => {
    const [morning] = await list('from=2026-03-01T00:00:00Z');
    const suggestionId = morning!.suggestions[0]!.id;
    setNow(AFTER_THE_MORNING);
    for (const body of [{ action: 'apply', suggestionId }, { action: 'dismiss' }]) {
      const response = await request('POST', `/conflicts/${morning!.id}/resolve/`, body);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error.code).toBe('conflict_past');
      expect(response.json().error.message).toMatch(/ended/);
    }
    expect(byTitles(await list('from=2026-03-10T00:00:00Z&status=past'))).toHaveLength(1);
  });

  it('leaves a past conflict to itself when the policy resolves conflicts automatically', async () => {
    await context().store.organisations.setConflictPolicy(
      { orgId: tenant.scope.orgId },
      { autoResolve: { enabled: true } },
    );
    await context().store.conflicts.resetScans({ orgId: tenant.scope.orgId });
    // The hold under the customer call (15:00-16:00) is what the policy releases while it is ahead.
    setNow(new Date('2026-03-10T17:00:00.000Z'));
    await api.app.conflicts.scan(tenant.scope);
    const items = await list('from=2026-03-10T00:00:00Z');
    expect(items.map((c) => [c.status, c.resolvedBy])).toEqual([
      ['past', null],
      ['past', null],
    ]);
  });
});
