import type { Conflict } from '../../api/conflicts';

/**
 * What the dashboard says about an earlier attempt to resolve a conflict that did not finish:
 * cut short (interrupted), or stopped by a failed write (partial, failed); and about a decision
 * the user took back (reopened) whose changes in the calendar stay made. Null otherwise.
 */
export function attemptNote(conflict: Pick<Conflict, 'resolution'>): string | null {
  const resolution = conflict.resolution;
  const state = resolution?.['state'];
  if (resolution?.['action'] === 'reopen') {
    const kept = writesDone(resolution);
    return kept === 0
      ? null
      : `You reopened this conflict: ${changes(kept)} calintel made in your calendar for the earlier decision ${kept === 1 ? 'stays' : 'stay'} made. Change ${kept === 1 ? 'it' : 'them'} back there yourself if you need to.`;
  }
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

function changes(count: number): string {
  return count === 1 ? 'the change' : `the ${count} changes`;
}

/** How many changes in the calendar the record says were made (by the decision and before it). */
export function writesDone(resolution: Record<string, unknown> | null): number {
  const entries = ['earlier', 'applied'].flatMap((key) => {
    const list = resolution?.[key];
    return Array.isArray(list) ? (list as unknown[]) : [];
  });
  return entries.filter(
    (a) => (a as { writeBack?: { status?: unknown } } | null)?.writeBack?.status === 'done',
  ).length;
}

/**
 * What the Reopen button of a decided card warns of: a decision that changed the calendar is
 * taken back in calintel only. Null when it changed nothing.
 */
export function reopenNote(conflict: Pick<Conflict, 'resolution'>): string | null {
  const kept = writesDone(conflict.resolution);
  if (kept === 0) return null;
  return `Reopening makes it open here again; it does not undo ${changes(kept)} calintel made in your calendar.`;
}
