/** A list's `q`: the text it searches for, the same bounds on every list that takes one. */
import { z } from 'zod';

/** Optional, trimmed, 1 to 200 characters; `describe` says what it is matched against. */
export function searchTextSchema(describe: string) {
  return z.string().trim().min(1).max(200).optional().describe(describe);
}
