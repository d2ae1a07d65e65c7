/**
 * One line of the offline analysis input (contract: analysis-io.md), checked and turned into
 * the MeetingInput the models read. Unknown fields are ignored; a line that is not JSON or lacks
 * a required field is an error naming what is wrong.
 */
import { z } from 'zod';
import type { MeetingInput } from '../detection/features.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const time = z
  .string()
  .refine((v) => DATE_ONLY.test(v) || (DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'must be an RFC 3339 date-time with an offset, or a date YYYY-MM-DD',
  });

const person = z.object({ email: z.string().min(1), name: z.string().nullish() });

const lineSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  description: z.string().nullish(),
  start: time,
  end: time,
  timeZone: z.string().nullish(),
  allDay: z.boolean().nullish(),
  location: z.string().nullish(),
  organizer: person.nullish(),
  attendees: z
    .array(
      person.extend({
        responseStatus: z.enum(['accepted', 'declined', 'tentative', 'needsAction']).nullish(),
        optional: z.boolean().nullish(),
        resource: z.boolean().nullish(),
      }),
    )
    .nullish(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).nullish(),
  transparency: z.enum(['opaque', 'transparent']).nullish(),
  seriesId: z.string().nullish(),
  calendarOwner: z.string().nullish(),
});

export type EventLine = z.infer<typeof lineSchema>;

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
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventLineError(`${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
  }
  return { input: toMeetingInput(parsed.data), raw: json as Record<string, unknown> };
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
  return DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}
