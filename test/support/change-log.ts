/** Reading a tenant's change log back, for the change-log tests. */
import type { CalendarEvent } from '../../src/domain/event.js';
import type { LoggedChange, Scope, Store } from '../../src/store/store.js';

export const upserts = (events: CalendarEvent[]) =>
  events.map((event) => ({ event, raw: { id: event.providerEventId } }));

/** Every change of the scope, read a page of `limit` at a time from the start. */
export async function readAll(store: Store, scope: Scope, limit = 1000): Promise<LoggedChange[]> {
  const all: LoggedChange[] = [];
  let since: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<Store['changes']['list']>> = await store.changes.list(scope, {
      since,
      limit,
    });
    all.push(...page.items);
    if (page.items.length === 0) return all;
    since = page.nextCursor;
  }
}

export const summary = (changes: LoggedChange[]) =>
  changes.map((c) => [c.providerEventId, c.change.kind]);
