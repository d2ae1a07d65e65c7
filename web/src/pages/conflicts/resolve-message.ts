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

/** What the API said became of a suggestion in the calendar: its status, and its words. */
export interface CalendarOutcome {
  /** `done`: calintel changed the calendar; any other: it only recorded the decision. */
  status?: unknown;
  message: string;
}

/** Why calintel left a change to the user, by the write-back status the API answered with. */
const NOT_WRITTEN_BECAUSE: Record<string, string> = {
  not_needed: 'it only declines meetings and deletes your own holds',
  not_opted_in: 'write-back is off',
  no_write_access: 'the calendar is connected read-only',
  not_supported: 'calintel cannot write to this calendar',
};

/** The API's advice without its "recorded:" lead: what the user is left to do. */
function adviceOf(message: string): string {
  return message
    .replace(/^recorded( only)?\s*:\s*/i, '')
    .trim()
    .replace(/[.!]$/, '');
}

/**
 * A suggestion as decided, and what became of it in the calendar, read from the write-back
 * status (not from its words): written (`done`), or only recorded, with why and what is left to
 * do there. A record without a status (older ones) is told as it was.
 */
export function outcomeText(
  description: string,
  outcome: CalendarOutcome,
  action?: string,
): string {
  const message = outcome.message.trim();
  const status = typeof outcome.status === 'string' ? outcome.status : '';
  const because = NOT_WRITTEN_BECAUSE[status];
  if (status === 'done' || !because) {
    const lead = status === 'done' ? 'Applied in your calendar' : 'Applied';
    const calendar = asSentence(message);
    return calendar ? `${lead}: ${description}. ${calendar}` : `${lead}: ${description}.`;
  }
  const advice = status === 'not_needed' && action !== 'merge' ? adviceOf(message) : '';
  const todo = advice ? `to do yourself: ${advice}` : 'make the change there yourself';
  return `Recorded: ${description}. Calintel did not change your calendar (${because}); ${todo}.`;
}

/**
 * The status line after a conflict is resolved: for a suggestion, what was applied and what
 * became of it in the calendar (outcomeText); for a dismissal, whether a reason was kept.
 */
export function resolveMessage(
  input: ResolveInput,
  description: string,
  outcome: CalendarOutcome,
  action?: string,
): string {
  if (input.action === 'apply') return outcomeText(description, outcome, action);
  const done = input.note ? 'Conflict dismissed, with your reason.' : 'Conflict dismissed.';
  const calendar = asSentence(outcome.message);
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
 * several), each with what happened in the calendar (outcomeText): when calintel did not change
 * it the user still has to, and the card is where they look for it. Empty when the record names none.
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
    const outcome = {
      status: isRecord(writeBack) ? writeBack['status'] : undefined,
      message: messageOf(writeBack, timeZone, locale),
    };
    return [outcomeText(suggestionText(conflict, parts, timeZone, locale), outcome, parts.action)];
  });
}
