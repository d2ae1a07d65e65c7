/** Schemas of the calendar routes: the caller's calendars and which are synced. */
import { z } from 'zod';

export const calendarItemSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    provider: z.string(),
    name: z.string(),
    timeZone: z.string().nullable(),
    isPrimary: z.boolean(),
    selected: z.boolean().describe('synced and analysed; off: not synced, its events removed'),
    importedFile: z
      .boolean()
      .describe(
        'an imported .ics file, which cannot be turned off (nothing could sync its events back): delete it, or import the file again',
      ),
    events: z.number().int(),
    lastSuccessAt: z.string().nullable(),
    nextRunAt: z
      .string()
      .nullable()
      .describe('when it is synced next; null when it is not synced (off, or missingSince set)'),
    missingSince: z
      .string()
      .nullable()
      .describe(
        'since when its provider no longer lists it (deleted or unshared there): not synced meanwhile, and removed with its events if still missing a day later; null while listed',
      ),
  })
  .meta({ id: 'Calendar' });
export type CalendarItem = z.infer<typeof calendarItemSchema>;

export const calendarListSchema = z
  .object({ items: z.array(calendarItemSchema) })
  .meta({ id: 'CalendarList' });

export const calendarPatchSchema = z
  .object({ selected: z.boolean() })
  .meta({ id: 'CalendarPatch' });
export type CalendarPatch = z.infer<typeof calendarPatchSchema>;
