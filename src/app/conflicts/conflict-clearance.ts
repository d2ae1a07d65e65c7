/**
 * After a pass cleared conflicts: why each went away, from its events as the pass before saw
 * them (their snapshot) and as the store holds them now (a moved event is read wherever it went,
 * not only within the pass's days), noted on the conflict (domain/conflicts/clearance.ts).
 */
import { explainClearance, type CurrentEvent } from '../../domain/conflicts/index.js';
import type { Scope, Store, StoredConflict } from '../../store/store.js';
import { eventSnapshotsOf } from './conflict-snapshot.js';

export async function recordClearances(
  store: Store,
  scope: Scope,
  cleared: readonly StoredConflict[],
  zone: string,
): Promise<void> {
  if (cleared.length === 0) return;
  const ids = [...new Set(cleared.flatMap((c) => c.eventIds))];
  const current = new Map<string, CurrentEvent>(
    (await store.events.getMany(scope, ids)).map((s) => [s.id, s.event]),
  );
  for (const conflict of cleared) {
    const clearance = explainClearance(
      conflict.eventIds,
      eventSnapshotsOf(conflict),
      current,
      zone,
    );
    await store.conflicts.recordClearance(scope, conflict, clearance);
  }
}
