/**
 * Finishing an OAuth callback the way a browser does. A connection started with an API token
 * comes back to a page that asks (it names the calintel user the calendar would go to); its
 * button POSTs the state and code back, which finishes it (src/api/routes/oauth-callback.route.ts).
 */
import type { FastifyInstance } from 'fastify';

type Injected = Awaited<ReturnType<FastifyInstance['inject']>>;

/** The state and code of a confirmation page, or null when the page is something else. */
export function confirmationFields(html: string): { state: string; code: string } | null {
  const field = (name: string) =>
    new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html)?.[1];
  const state = field('state');
  const code = field('code');
  if (state === undefined || code === undefined) return null;
  const decode = (value: string) =>
    value.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
  return { state: decode(state), code: decode(code) };
}

const form = (fields: { state: string; code: string }) => new URLSearchParams(fields).toString();

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
    payload: form(fields),
  });
}

/** Through `fetch` against a listening server: the callback, then its confirmation. */
export async function finishCallbackFetch(url: URL): Promise<Response> {
  const asked = await fetch(url);
  if (asked.status !== 200) return asked;
  const html = await asked.text();
  const fields = confirmationFields(html);
  if (!fields) return new Response(html, { status: asked.status, headers: asked.headers });
  return fetch(new URL(url.pathname, url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(fields),
  });
}
