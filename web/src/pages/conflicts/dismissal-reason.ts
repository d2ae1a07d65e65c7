import type { Conflict } from '../../api/conflicts';

/** The reason a dismissed conflict was given, as written; null when none was, or not dismissed. */
export function dismissalReason(conflict: Pick<Conflict, 'status' | 'resolution'>): string | null {
  if (conflict.status !== 'dismissed') return null;
  const note = conflict.resolution?.['note'];
  return typeof note === 'string' && note.trim() ? note.trim() : null;
}
