/** The emulator's switches, changed at run time through the control API or programmatically. */
import { z } from 'zod';

export const AUTH_SCHEMES = ['basic', 'ntlm', 'bearer'] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

export interface EmulatorSettings {
  /** Which Authorization schemes are accepted (and offered in WWW-Authenticate). */
  authSchemes: AuthScheme[];
  /** GetEvents returns at most this many events, then MoreEvents=true. */
  maxEventsPerGetEvents: number;
  /** EWSFindCountLimit: a CalendarView lists at most this many items whatever it asks. */
  findCountLimit: number;
  /** CalendarView ranges longer than this many years give ErrorCalendarViewRangeTooBig. */
  calendarViewMaxYears: number;
  /**
   * Whether a delegate may subscribe to another person's Calendar (Exchange 2010 and later);
   * false answers ErrorSubscriptionDelegateAccessNotSupported, as Exchange 2007 does.
   */
  delegateSubscriptions: boolean;
}

export const settingsPatchSchema = z
  .object({
    authSchemes: z.array(z.enum(AUTH_SCHEMES)),
    maxEventsPerGetEvents: z.number().int().min(1),
    findCountLimit: z.number().int().min(1),
    calendarViewMaxYears: z.number().int().min(1),
    delegateSubscriptions: z.boolean(),
  })
  .partial()
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function defaultSettings(): EmulatorSettings {
  return {
    authSchemes: [...AUTH_SCHEMES],
    maxEventsPerGetEvents: 50,
    findCountLimit: 1000,
    calendarViewMaxYears: 2,
    delegateSubscriptions: true,
  };
}
