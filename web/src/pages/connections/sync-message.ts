import type { SyncQueued } from '../../api/providers';
import { plural } from '../../lib/format';
import type { ConnectionView } from './connection-views';

/**
 * What "Sync now" did for one connection. The server queues every calendar of the connection;
 * only the synced (ticked) ones count, as the others are skipped when their turn comes.
 */
export function syncMessage(
  view: Pick<ConnectionView, 'label' | 'provider' | 'calendars'>,
  queued: SyncQueued['queued'],
): string {
  const synced = new Set(view.calendars.filter((c) => c.selected).map((c) => c.id));
  const count = queued.filter((q) => synced.has(q.calendarId)).length;
  if (count > 0) return `Sync started for ${plural(count, 'calendar')} of ${view.label}.`;
  if (view.provider === 'ics')
    return `${view.label} is an imported file: import it again to update it; nothing to queue.`;
  return `${view.label} is kept up to date by its provider's notifications; nothing to queue.`;
}
