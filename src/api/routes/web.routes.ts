/**
 * Serves the built dashboard (web/dist): hashed assets cached for good, index.html never, and
 * index.html for any other page path so the browser's router can take it from there.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { standalonePage } from '../standalone-page.js';

/** The dashboard's scripts and styles come from this origin only; recharts sets style attributes. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Paths that belong to the API or the service, never to the dashboard's router. */
const NOT_PAGES = /^\/(api|auth|metrics|healthz|readyz|webhook)(\/|$)/;

export async function registerDashboard(app: FastifyInstance, distDir: string | null) {
  if (!distDir) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          standalonePage(
            'The dashboard is not built',
            '<p>Run <code>npm run build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>',
          ),
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      if (path.endsWith('.html')) pageHeaders(reply);
      else if (/[\\/]assets[\\/]/.test(path))
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
}

/** The built scripts and styles: a path here that matched no file is a missing file. */
const ASSETS = /^\/assets(\/|$)/;

/**
 * True when a request that matched no route is a page of the dashboard. Every file of the built
 * dashboard has a route of its own (registered by @fastify/static, which lists the folder at
 * start), so what reaches here under /assets/ is a missing file; elsewhere a dot says nothing,
 * as page paths end in an address or a domain (/relationships/domain%3Aacme.com).
 */
export function isDashboardPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '/';
  if (NOT_PAGES.test(path) || ASSETS.test(path)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

export function sendPage(reply: FastifyReply) {
  pageHeaders(reply);
  return reply.sendFile('index.html');
}

function pageHeaders(reply: FastifyReply): void {
  void reply.header('cache-control', 'no-cache');
  void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
}
