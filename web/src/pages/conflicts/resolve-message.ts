import type { Conflict, ResolveInput } from '../../api/conflicts';
import { suggestionText, type SuggestionParts } from './suggestion-text';
import { wordingOf } from './wording';

/** The server's words as a sentence: capitalised, with a full stop unless it has an ending. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const sentence = `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
  return `${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}`;
}

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
  const calendar = asSentence(writeBackMessage);
  return calendar ? `${done} ${calendar}` : done;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function suggestionOf(value: unknown): SuggestionParts | null {
  if (!isRecord(value) || typeof value['action'] !== 'string') return null;
  if (typeof value['eventId'] !== 'string') return null;
  return value as unknown as SuggestionParts;
}

/** The write-back's message, its instants written as the page writes dates. */
function messageOf(writeBack: unknown, timeZone: string, locale?: string): string {
  return isRecord(writeBack) && typeof writeBack['message'] === 'string'
    ? wordingOf(writeBack['message'], writeBack['messageParts'], timeZone, locale)
    : '';
}

/**
 * What a resolved conflict's card says was applied, one line per suggestion (a policy may apply
 * several), each with what happened in the calendar: with write-back off the user still has to
 * make the change, and the card is where they look for it. Empty when the record names none.
 */
export function appliedLines(
  conflict: Pick<Conflict, 'status' | 'resolution' | 'events'>,
  timeZone: string,
  locale?: string,
): string[] {
  const resolution = conflict.resolution;
  if (conflict.status !== 'resolved' || resolution?.['action'] !== 'apply') return [];
  const recorded = Array.isArray(resolution['applied']) ? resolution['applied'] : [];
  const applied: { suggestion: unknown; writeBack: unknown }[] = recorded.length
    ? recorded
        .filter(isRecord)
        .map((a) => ({ suggestion: a['suggestion'], writeBack: a['writeBack'] }))
    : [{ suggestion: resolution['suggestion'], writeBack: resolution['writeBack'] }];
  return applied.flatMap(({ suggestion, writeBack }) => {
    const parts = suggestionOf(suggestion);
    if (!parts) return [];
    const calendar = asSentence(messageOf(writeBack, timeZone, locale));
    const done = `Applied: ${suggestionText(conflict, parts, timeZone, locale)}.`;
    return [calendar ? `${done} ${calendar}` : done];
  });
}
