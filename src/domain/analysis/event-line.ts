/**
 * One line of the offline analysis input (contract: analysis-io.md), checked and turned into
 * the MeetingInput the models read. Unknown fields are ignored; a line that is not JSON or lacks
 * a required field is an error naming what is wrong.
 */
import type { MeetingInput } from '../detection/features.js';
import { isEventLine } from './line-check.js';
import { lineSchema, type EventLine } from './line-schema.js';
import { DATE_ONLY, lineInstant, writtenOffsetMinutes } from './line-times.js';

export { lineSchema, type EventLine } from './line-schema.js';

export class EventLineError extends Error {
  override readonly name = 'EventLineError';
}

/** Parses and checks one JSON line; throws EventLineError with the reason. */
export function parseEventLine(text: string): {
  input: MeetingInput;
  raw: Record<string, unknown>;
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EventLineError(
      `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new EventLineError('not a JSON object');
  }
  // Nearly every line is valid: checked by hand first, by the schema only to say what is wrong.
  const fields = json as Record<string, unknown>;
  if (isEventLine(fields)) return { input: inOrder(toMeetingInput(fields)), raw: fields };
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventLineError(`${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
  }
  return { input: inOrder(toMeetingInput(parsed.data)), raw: json as Record<string, unknown> };
}

/**
 * An event that ends before it starts is refused rather than guessed at: each command made
 * something else of it (a minute long, a zero-length overlap). Both instants are ISO strings of
 * one width, so they compare as text.
 */
function inOrder(input: MeetingInput): MeetingInput {
  if (input.end < input.start)
    throw new EventLineError(`end: ${input.end} is before start ${input.start}`);
  return input;
}

export function toMeetingInput(line: EventLine): MeetingInput {
  const allDay = line.allDay ?? DATE_ONLY.test(line.start);
  return {
    id: line.id,
    title: line.title,
    description: line.description ?? null,
    location: line.location ?? null,
    start: instantOf(line.start),
    end: instantOf(line.end),
    allDay,
    timeZone: line.timeZone ?? null,
    startOffsetMinutes: writtenOffsetMinutes(line.start),
    organizer: line.organizer
      ? { email: line.organizer.email, name: line.organizer.name ?? null }
      : null,
    attendees: (line.attendees ?? []).map((a) => ({
      email: a.email,
      name: a.name ?? null,
      responseStatus: a.responseStatus ?? 'needsAction',
      optional: a.optional ?? false,
      resource: a.resource ?? false,
    })),
    status: line.status ?? 'confirmed',
    transparency: line.transparency ?? 'opaque',
    seriesId: line.seriesId ?? null,
    calendarOwner: line.calendarOwner ?? null,
  };
}

function instantOf(value: string): string {
  return lineInstant(value) ?? new Date(value).toISOString();
}
