/** Schemas of the dashboard's sign-in routes (/auth/...). */
import { z } from 'zod';

export const signInBodySchema = z
  .object({
    email: z.string().min(3).max(320),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: 'SignInRequest' });

export const sessionSchema = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      timeZone: z.string().nullable(),
      role: z
        .enum(['admin', 'member'])
        .describe("admin: may also change the organisation's conflict policy"),
    }),
    organisation: z.object({ id: z.string(), name: z.string() }),
    csrfToken: z
      .string()
      .describe('send it back in the X-CSRF-Token header of every request that changes something'),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof sessionSchema>;

export interface StartedSessionView {
  /** The session cookie's value. */
  token: string;
  expiresAt: Date;
  view: SessionView;
}
