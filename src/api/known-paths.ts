/**
 * Which methods the API answers on a path, so that a known path asked with another method is a
 * 405 `method_not_allowed` with an `Allow` header (RFC 9110, 15.5.6), not a 404 that says the
 * route does not exist. Fastify's router only says that nothing matched: the routes are recorded
 * here as they are registered (an onRoute hook) and matched against the path the same way,
 * trailing slash ignored, a `:param` one segment, a `*` the rest.
 */
import type { FastifyInstance } from 'fastify';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

export class KnownPaths {
  readonly #byUrl = new Map<string, KnownPath>();

  /** Records every route registered on `app` from now on. */
  listen(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = ([] as string[]).concat(route.method);
      const url = withoutTrailingSlash(route.url);
      const known = this.#byUrl.get(url) ?? { pattern: patternOf(url), methods: new Set() };
      for (const method of methods) known.methods.add(method.toUpperCase());
      // Fastify answers HEAD for every GET route.
      if (known.methods.has('GET')) known.methods.add('HEAD');
      this.#byUrl.set(url, known);
    });
  }

  /** The methods some route answers on `path` (without its query), sorted; [] when none. */
  allowed(path: string): string[] {
    const target = withoutTrailingSlash(path);
    const methods = new Set<string>();
    for (const known of this.#byUrl.values())
      if (known.pattern.test(target)) for (const method of known.methods) methods.add(method);
    return [...methods].sort();
  }
}

function withoutTrailingSlash(url: string): string {
  return url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url;
}

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}
