/** Schemas of the routes that add other people's Calendars to an Exchange connection. */
import { z } from 'zod';

export const sharedCalendarSchema = z
  .object({
    calendarId: z.string().describe('the calendar, as /calendars/ and /sync/status/ list it'),
    connectionId: z.string(),
    ownerEmail: z.string().describe('whose Calendar it is: the mailbox added'),
    name: z.string().describe('the folder’s name with its owner’s address'),
    selected: z.boolean(),
    missingSince: z
      .string()
      .nullable()
      .describe(
        'since when Exchange no longer opens it (the permission withdrawn, the mailbox removed): not synced meanwhile, removed with its events if still so a day later; null while it opens',
      ),
  })
  .meta({ id: 'ExchangeSharedCalendar' });
export type SharedCalendarItem = z.infer<typeof sharedCalendarSchema>;

export const sharedCalendarListSchema = z
  .object({ items: z.array(sharedCalendarSchema) })
  .meta({ id: 'ExchangeSharedCalendarList' });

export const addSharedCalendarBodySchema = z
  .object({
    email: z
      .string()
      .min(3)
      .max(254)
      .describe('the primary SMTP address of the mailbox whose Calendar is shared with you'),
  })
  .meta({ id: 'AddExchangeSharedCalendar' });
export type AddSharedCalendarInput = z.infer<typeof addSharedCalendarBodySchema>;

export const sharedCalendarParamsSchema = z.object({ connectionId: z.string().min(1).max(100) });
