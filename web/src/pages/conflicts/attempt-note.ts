import type { Conflict } from '../../api/conflicts';

/**
 * What the dashboard says about an earlier attempt to resolve a conflict that did not finish:
 * cut short (interrupted), or stopped by a failed write (partial, failed). Null otherwise.
 */
export function attemptNote(conflict: Pick<Conflict, 'resolution'>): string | null {
  const resolution = conflict.resolution;
  const state = resolution?.['state'];
  if (state === 'interrupted')
    return 'Calintel started resolving this conflict but was cut short: choose again.';
  if (state !== 'partial' && state !== 'failed') return null;
  const applied = Array.isArray(resolution?.['applied']) ? resolution['applied'] : [];
  const done = applied.filter(
    (a: unknown) =>
      (a as { writeBack?: { status?: unknown } } | null)?.writeBack?.status === 'done',
  ).length;
  if (done === 0)
    return 'An earlier attempt failed: nothing was changed in your calendar. Choose again.';
  return `An earlier attempt stopped part-way: ${done} ${
    done === 1 ? 'change was' : 'changes were'
  } made in your calendar before a write failed. Choose again for the rest.`;
}
