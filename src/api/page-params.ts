/** The query parameters of every cursor-paged list: its page size and where the page starts. */
import { z } from 'zod';

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .min(1)
    // A relationships cursor holds an account key (up to 400 characters) besides its position.
    .max(1000)
    .optional()
    .describe(
      'nextCursor of the previous page, as given to you, sent with the same filters (`limit` may change). Cursors are opaque and sealed to the user they were given to: a cursor of another list, of other filters, given to another user, or altered is a 400 `invalid_cursor`',
    ),
};
