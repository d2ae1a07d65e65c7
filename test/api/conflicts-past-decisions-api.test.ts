/**
 * Past is judged from the events' ends as they are now, for every conflict it can apply to: a
 * decision cut short (interrupted) whose events have all ended is past, like an open conflict,
 * since nothing is left to finish or dismiss; and `status=past` finds a conflict whose events
 * were moved earlier since the last pass, though its stored end is still the old one.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { describeEachDialect, type Tenant } from '../support/databases.js';
import { put, useConflictsApi } from './conflicts-api-env.js';

const FROM = 'from=2026-03-10T00:00:00Z';

describeEachDialect('conflicts API: past decisions and moved events', (context) => {
  const env = useConflictsApi(context);
  const { request, scan, setNow } = env;
  let tenant: Tenant;
  let events: Record<string, CalendarEvent>;

  beforeEach(async () => {
    ({ tenant, events } = env.current());
    await scan();
  });

  const list = async (query: string): Promise<ConflictView[]> => {
    const response = await request('GET', `/conflicts/?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const titles = (items: ConflictView[]) =>
    items.map((c) => `${c.status}: ${c.events.map((e) => e.title).join(' + ')}`);

  it('a decision cut short whose events have all ended reads past, with nothing to decide', async () => {
    const [morning] = await list(FROM);
    // A dismissal claimed at 09:00 by a process that died before it finished.
    const claimed = await context().store.conflicts.decide(
      tenant.scope,
      morning!.id,
      {
        status: 'resolved',
        resolvedBy: `user:${tenant.scope.userId}`,
        resolution: { action: 'dismiss', state: 'pending', note: null },
      },
      new Date('2026-03-10T09:00:00.000Z'),
    );
    expect(claimed).toBe(true);
    setNow(new Date('2026-03-10T12:00:00.000Z'));
    const [shown] = await list(FROM);
    expect(shown).toMatchObject({ status: 'past', resolution: { state: 'interrupted' } });
    expect(shown?.suggestions).toEqual([]);
    expect(titles(await list(`${FROM}&status=past`))).toEqual([
      'past: Globex product demo + Team sync',
    ]);
    expect(await list(`${FROM}&status=resolved`)).toEqual([]);
    const dismiss = await request('POST', `/conflicts/${morning!.id}/resolve/`, {
      action: 'dismiss',
    });
    expect(dismiss.statusCode, dismiss.body).toBe(409);
    expect(dismiss.json().error.code).toBe('conflict_past');
  });

  it('a conflict whose events were moved earlier since the last pass is listed as past', async () => {
    // Both morning events end before 10:55 now, though the stored conflict still ends at 11:00.
    await put(context().store, tenant, tenant.calendar.id, [
      { ...events['demo']!, end: '2026-03-10T10:45:00.000Z' },
      { ...events['sync']!, end: '2026-03-10T10:50:00.000Z' },
    ]);
    setNow(new Date('2026-03-10T10:55:00.000Z'));
    expect(titles(await list(`${FROM}&status=past`))).toEqual([
      'past: Globex product demo + Team sync',
    ]);
    expect(titles(await list(`${FROM}&status=open`))).toEqual(['open: Globex pricing call + Hold']);
  });

  it('pages through past conflicts among others: short pages, and the cursor moves on', async () => {
    const [morning] = await list(FROM);
    const dismissed = await request('POST', `/conflicts/${morning!.id}/resolve/`, {
      action: 'dismiss',
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    setNow(new Date('2026-03-10T17:00:00.000Z'));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = `${FROM}&status=past&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await request('GET', `/conflicts/?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: ConflictView[]; nextCursor: string | null };
      seen.push(...titles(page.items));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    // The dismissed morning conflict may be read and left out (a short page): paging goes on.
    expect(pages).toBeLessThan(10);
    expect(seen).toEqual(['past: Globex pricing call + Hold']);
  });
});
