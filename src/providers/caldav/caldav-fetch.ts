/**
 * One fetch for every CalDAV request, so that authentication, the timeout and the failures that
 * no DAV answer can recover from are dealt with once, before tsdav reads anything.
 */
import { mendSplitCharacters } from '../../domain/ical/ics-bytes.js';
import { statusError, unreachableError } from './caldav-errors.js';
import type { CaldavClientOptions, CaldavCredentials } from './caldav-types.js';

/**
 * The fetch every request goes through: Basic auth (CalDAV servers take app passwords), a
 * timeout, and failures that have no DAV meaning turned into ProviderErrors at once: no answer
 * at all, 401, 429 and 5xx. Not 507, which a sync-collection uses to say "continue", nor a 501 to
 * a REPORT: the server does not implement that report, which is an answer (sync-collection falls
 * back to ctags and etags; the other reports fail on it where they read it).
 */
export function authenticatedFetch(
  credentials: CaldavCredentials,
  options: CaldavClientOptions,
  signal: AbortSignal | undefined,
): typeof fetch {
  const base = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await base(input, {
        ...init,
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw unreachableError(error, url);
    }
    const status = response.status;
    const method = init?.method ?? 'GET';
    const answered = status === 507 || (status === 501 && method === 'REPORT');
    if (status === 401 || status === 429 || (status >= 500 && !answered)) {
      await response.body?.cancel();
      throw statusError(
        status,
        `${method} ${new URL(url).pathname}`,
        response.headers.get('retry-after'),
      );
    }
    return withMendedFolds(response);
  };
}

/**
 * The answer with every UTF-8 character that a fold in its calendar data cuts in two made whole
 * (RFC 5545 §3.1; ics-bytes.ts): tsdav decodes the whole XML body as UTF-8 before the calendar
 * data is found in it, which turned both halves into U+FFFD. Outside calendar data, valid UTF-8
 * never has a character cut by a line break, so nothing else changes.
 */
async function withMendedFolds(response: Response): Promise<Response> {
  if (response.body === null) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const mended = new Response(mendSplitCharacters(bytes), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // tsdav names a non-multistatus answer by its URL, which a constructed Response lacks.
  Object.defineProperty(mended, 'url', { value: response.url });
  return mended;
}
