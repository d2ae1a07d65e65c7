/**
 * How the items of one Graph page become a sync page's upserts, deletions and issues: replays
 * collapsed to the last entry per id, removals told apart from events, and an item that cannot be
 * mapped (or has no id) turned into an issue instead of failing the page. Kept apart from
 * microsoft-provider.ts, which fetches the pages: this part does no I/O.
 */
import type { ProviderEvent, SyncIssue, SyncPage } from '../provider.js';
import { isRemoval, mapGraphEvent } from './microsoft-mapper.js';
import type { GraphEvent } from './microsoft-wire.js';

/**
 * Upserts and deletions of one page. Graph may send an item twice (replays), so the last entry
 * for an id within the page decides whether it lives or is gone.
 */
export function sortItems(
  items: GraphEvent[],
  calendarZone: string | null,
  owner: string | null,
): Pick<SyncPage, 'upserts' | 'deletions' | 'issues'> {
  const latest = new Map<string, GraphEvent>();
  const issues: SyncIssue[] = [];
  for (const item of items) {
    if (!item.id) {
      issues.push({
        message: 'Graph sent an event without an id',
        line: null,
        providerEventId: null,
      });
      continue;
    }
    latest.delete(item.id);
    latest.set(item.id, item);
  }
  const upserts: ProviderEvent[] = [];
  const deletions: string[] = [];
  for (const [id, item] of latest) {
    if (isRemoval(item)) {
      deletions.push(id);
      continue;
    }
    try {
      upserts.push(mapGraphEvent(item, calendarZone, owner));
    } catch (error) {
      issues.push({
        message: error instanceof Error ? error.message : String(error),
        line: null,
        providerEventId: id,
      });
    }
  }
  return { upserts, deletions, issues };
}
