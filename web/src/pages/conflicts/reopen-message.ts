import type { ReopenResult } from '../../api/conflicts';

/**
 * The status line once a decision was taken back: the conflict is open again, and whether what
 * the decision changed in the calendar stays changed (calintel does not change it back).
 */
export function reopenMessage(result: Pick<ReopenResult, 'keptWrites'>, undo: boolean): string {
  const done = undo
    ? 'Undone: the conflict is open again.'
    : 'Reopened: the conflict is open again.';
  if (result.keptWrites.length === 0) return `${done} Nothing had been changed in your calendar.`;
  const kept = result.keptWrites
    .map((write) => `${write.title ? `“${write.title}”` : 'an event'} ${write.message}`)
    .join('; ');
  return `${done} Calintel did not undo what it changed in your calendar (${kept}): change it back there yourself if you need to.`;
}
