import type { FastifyRequest } from 'fastify';

/**
 * True without an Origin header (not a browser's cross-site form) or with this site's own: what a
 * form on one of our pages may POST, and another site's may not. This site is the host the
 * request was sent to (`request.host`: X-Forwarded-Host when TRUST_PROXY trusts the proxy) or the
 * service's public URL (CALINTEL_PUBLIC_URL): a reverse proxy that rewrites Host to the upstream's
 * address (nginx's default) still passes the browser's Origin, which names the public site.
 */
export function sameOrigin(request: FastifyRequest, publicOrigin: string | null): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    const sent = new URL(origin);
    return sent.host === request.host || sent.origin === publicOrigin;
  } catch {
    return false;
  }
}
