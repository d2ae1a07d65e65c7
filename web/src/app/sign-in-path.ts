export const DEFAULT_PAGE = '/meetings';

/** The sign-in page, with the page to come back to when it is not the default one. */
export function signInPath(returnTo: string): string {
  if (!returnTo || returnTo === '/' || returnTo === DEFAULT_PAGE) return '/sign-in';
  return `/sign-in?next=${encodeURIComponent(returnTo)}`;
}

/**
 * Where to go after signing in: only a path of this site, never another origin
 * (`//evil.example`, `https://...`) that a crafted link could send the user to.
 */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return DEFAULT_PAGE;
  }
  // URL parsing drops tabs and newlines: `/\t/evil.example` would become `//evil.example`.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_PAGE;
  const base = 'https://calintel.invalid';
  const resolved = new URL(next, base);
  if (resolved.origin !== base) return DEFAULT_PAGE;
  if (resolved.pathname.startsWith('/sign-in')) return DEFAULT_PAGE;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
