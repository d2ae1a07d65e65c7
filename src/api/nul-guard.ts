/**
 * No NUL character (U+0000) in what a request names: PostgreSQL refuses it in text ("invalid
 * byte sequence for encoding UTF8: 0x00"), so an id, a search or a CRM name carrying one would
 * fail as a 500 deep in a query. It is refused at the door instead, as a 400 naming the field,
 * on SQLite alike.
 *
 * Checked: the path's parameters, the query's names and values (a page cursor's position is
 * checked where the cursor is opened: page-cursor.ts), and a parsed JSON body's keys and strings (walked once, without recursion: the body
 * limit bounds its size, not its depth).
 * Not checked: a calendar file (a text/calendar body or a multipart upload), which is not input
 * of this kind; the import strips NUL from event text itself. A multipart upload's label field and
 * file name are input of this kind, but are parsed only by the route: it checks them itself with
 * nulIn() (routes/ics-connect-input.ts).
 */
import type { FastifyRequest } from 'fastify';
import { invalidInput } from '../domain/errors.js';

const NUL = '\u0000';

export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  const field =
    nulIn(request.params, 'params') ??
    nulIn(request.query, 'querystring') ??
    (isJsonInput(request) ? nulIn(request.body, 'body') : null);
  if (field !== null) throw invalidInput(`${field}: must not contain a NUL character (\\u0000)`);
}

/** A parsed JSON body; not a text/calendar string, a multipart upload or a form. */
function isJsonInput(request: FastifyRequest): boolean {
  if (request.body === undefined || request.body === null) return false;
  if (typeof request.body !== 'string') return typeof request.body === 'object';
  return /json/i.test(request.headers['content-type'] ?? '');
}

interface Step {
  value: unknown;
  key: string;
  parent: Step | null;
}

/** The path of the first string or key holding a NUL (`body.accounts.0.name`), or null. */
export function nulIn(value: unknown, root: string): string | null {
  const stack: Step[] = [{ value, key: root, parent: null }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const current = step.value;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return pathOf(step);
      continue;
    }
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], key: String(i), parent: step });
      continue;
    }
    const entries = Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string, unknown];
      if (key.includes(NUL)) return `${pathOf(step)} (a key)`;
      stack.push({ value: item, key, parent: step });
    }
  }
  return null;
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let at: Step | null = step; at !== null; at = at.parent) keys.push(printable(at.key));
  return keys.reverse().join('.');
}

/** A key as a message may show it: its NUL characters written out. */
function printable(key: string): string {
  return key.replaceAll(NUL, '\\u0000');
}
