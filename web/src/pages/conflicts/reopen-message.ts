import type { ReopenResult } from '../../api/conflicts';

/**
 * What the status line offers after a decision: Undo when calintel changed nothing in the
 * calendar, so taking the decision back does undo it; Reopen when it did (`done`: a meeting
 * declined, a hold deleted), which reopening leaves as it is.
 */
export function takeBackLabel(writeBackStatus: unknown): 'Undo' | 'Reopen' {
  return writeBackStatus === 'done' ? 'Reopen' : 'Undo';
}

/**
 * The status line once a decision was taken back: the conflict is open again, and whether what
 * the decision changed (or, cut short while writing, may have changed) in the calendar stays
 * changed: calintel does not change it back, so it says "Undone" only when nothing was.
 */
export function reopenMessage(result: Pick<ReopenResult, 'keptWrites'>, undo: boolean): string {
  const kept = result.keptWrites;
  if (kept.length === 0)
    return `${undo ? 'Undone' : 'Reopened'}: the conflict is open again. Nothing had been changed in your calendar.`;
  const done = 'Reopened: the conflict is open again.';
  const list = kept
    .map((write) => `${write.title ? `“${write.title}”` : 'an event'} ${write.message}`)
    .join('; ');
  if (kept.some((write) => write.status === 'pending'))
    return `${done} Your calendar may have been changed, and calintel did not undo it (${list}): check there, and change it back yourself if you need to.`;
  return `${done} Calintel did not undo what it changed in your calendar (${list}): change it back there yourself if you need to.`;
}
