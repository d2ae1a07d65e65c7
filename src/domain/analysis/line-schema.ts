/** The schema of one offline analysis input line (contract: analysis-io.md). */
import { z } from 'zod';
import { isLineTime } from './line-times.js';

const time = z.string().refine(isLineTime, {
  message: 'must be an RFC 3339 date-time with an offset, or a date YYYY-MM-DD',
});

const person = z.object({ email: z.string().min(1), name: z.string().nullish() });

export const lineSchema = z.object({
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
