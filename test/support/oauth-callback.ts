/**
 * Finishing an OAuth callback the way a browser does. A connection started with an API token
 * comes back to a page that asks (it names the calintel user the calendar would go to); its
 * button POSTs the state and code back, which finishes it (src/api/routes/oauth-callback.route.ts).
 * The demo does the same through `fetch` (src/app/demo/browser-consent.ts), which tests share.
 */
import type { FastifyInstance } from 'fastify';
import { confirmationFields, finishConsent } from '../../src/app/demo/browser-consent.js';

export { confirmationFields, finishConsent as finishCallbackFetch };

type Injected = Awaited<ReturnType<FastifyInstance['inject']>>;

/** Through `inject`: the callback, then its confirmation when it asks for one. */
export async function finishCallbackInject(
  server: FastifyInstance,
  url: string,
  headers: Record<string, string> = {},
): Promise<Injected> {
  const asked = await server.inject({ method: 'GET', url, headers });
  const fields = asked.statusCode === 200 ? confirmationFields(asked.body) : null;
  if (!fields) return asked;
  return server.inject({
    method: 'POST',
    url: url.split('?')[0] ?? url,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}
