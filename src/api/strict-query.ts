/**
 * A list's querystring takes only the parameters it documents. Unknown ones were dropped in
 * silence, so a misspelt filter answered everything, and the change log's `cursor` (the lists
 * page with `cursor`, the log with `since`) answered its first page again: a client paging with
 * it looped for ever. An unknown parameter is a 400 `invalid_input` that names it and what the
 * endpoint takes, with a hint where a client's mistake is a known one.
 */
import { z } from 'zod';

/** The querystring schema of `shape`, refusing any other parameter. */
export function strictQuery<Shape extends z.ZodRawShape>(
  shape: Shape,
  hints: Readonly<Record<string, string>> = {},
): z.ZodObject<Shape, z.core.$strict> {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownMessage(issue.keys, known, hints) : undefined,
  });
}

function unknownMessage(
  keys: readonly string[],
  known: string,
  hints: Readonly<Record<string, string>>,
): string {
  const named = keys.map((key) => `"${key}"`).join(', ');
  const said = keys.flatMap((key) => (hints[key] === undefined ? [] : [hints[key]]));
  const what = keys.length === 1 ? 'unknown parameter' : 'unknown parameters';
  return [`${what} ${named}`, ...said, `this endpoint takes ${known}`].join('; ');
}
