/** Schemas of the token routes: the caller's API tokens, never their secrets. */
import { z } from 'zod';

export const tokenItemSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('what the token is for, as given when it was created'),
    prefix: z
      .string()
      .describe("the token's first characters, to tell tokens apart; far too few to use it"),
    createdAt: z.string(),
    lastUsedAt: z
      .string()
      .nullable()
      .describe(
        'when it last authenticated a request (recorded at most once a minute); null: never',
      ),
    expiresAt: z.string().nullable().describe('null: it does not expire'),
    revokedAt: z.string().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ id: 'ApiToken' });
export type TokenItem = z.infer<typeof tokenItemSchema>;

export const tokenListSchema = z
  .object({ items: z.array(tokenItemSchema) })
  .meta({ id: 'ApiTokenList' });
