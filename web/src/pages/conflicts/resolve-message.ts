import type { ResolveInput } from '../../api/conflicts';

/**
 * The status line after a conflict is resolved: what was done ("Applied: …" for a suggestion),
 * then what happened in the calendar (the server's write-back message, as a sentence).
 */
export function resolveMessage(
  input: ResolveInput,
  description: string,
  writeBackMessage: string,
): string {
  const done =
    input.action === 'apply'
      ? `Applied: ${description}.`
      : input.note
        ? 'Conflict dismissed, with your reason.'
        : 'Conflict dismissed.';
  const calendar = writeBackMessage.trim();
  if (!calendar) return done;
  const sentence = `${calendar.charAt(0).toUpperCase()}${calendar.slice(1)}`;
  return `${done} ${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}`;
}
