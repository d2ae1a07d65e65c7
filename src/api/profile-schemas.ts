/** Schemas of the caller's own profile (/api/v1/me/). */
import { z } from 'zod';

export const profileSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    timeZone: z
      .string()
      .nullable()
      .describe(
        "the IANA zone your times are read in (working hours, a meeting's time of day, dates in lists); null: none set, the dashboard shows the browser's and conflicts the organisation's default",
      ),
    role: z.enum(['admin', 'member']),
  })
  .meta({ id: 'Profile' });
export type ProfileBody = z.infer<typeof profileSchema>;

export const profilePatchSchema = z
  .object({
    timeZone: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .describe(
        'an IANA zone such as Europe/Berlin (stored as the zone database spells it), or null to set none; an unknown name answers 400 `unknown_time_zone`',
      ),
  })
  .strict()
  .meta({ id: 'ProfilePatch' });
export type ProfilePatch = z.infer<typeof profilePatchSchema>;
