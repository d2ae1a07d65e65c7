/**
 * One fetch for every CalDAV request, so that authentication, the timeout and the failures that
 * no DAV answer can recover from are dealt with once, before tsdav reads anything.
 */
import { statusError, unreachableError } from './caldav-errors.js';
import type { CaldavClientOptions, CaldavCredentials } from './caldav-types.js';

/**
 * The fetch every request goes through: Basic auth (CalDAV servers take app passwords), a
 * timeout, and failures that have no DAV meaning turned into ProviderErrors at once: no answer
 * at all, 401, 429 and 5xx (not 507, which a sync-collection uses to say "continue").
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
    if (status === 401 || status === 429 || (status >= 500 && status !== 507)) {
      await response.body?.cancel();
      const method = init?.method ?? 'GET';
      throw statusError(
        status,
        `${method} ${new URL(url).pathname}`,
        response.headers.get('retry-after'),
      );
    }
    return response;
  };
}
