import type { FastifyRequest } from 'fastify';

/**
 * True without an Origin header (not a browser's cross-site form) or with this site's own: what a
 * form on one of our pages may POST, and another site's may not.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
