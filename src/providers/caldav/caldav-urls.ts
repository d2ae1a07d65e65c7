/**
 * How server URLs and member hrefs are spelled on our side. Users type server addresses in many
 * forms and servers encode hrefs inconsistently; an object's identity (and its events' ids)
 * must not depend on either.
 */
import { ProviderError } from '../provider.js';

/** A bare domain means its HTTPS site, where /.well-known/caldav is looked up. */
export function normaliseServerUrl(serverUrl: string): string {
  const trimmed = serverUrl.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = parseServerUrl(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badServerUrl(`${url.protocol} is not http or https`);
  // Credentials go in their own fields: in the URL they would reach error messages and logs.
  if (url.username || url.password)
    throw badServerUrl('put the username and password in their own fields, not in the URL');
  return url.href;
}

/**
 * A typo (a space, an unclosed bracket, a port past 65535) is the caller's to fix, not a crash.
 * The text is not repeated: it may hold a password.
 */
function parseServerUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw badServerUrl(
      /\s/.test(text)
        ? 'it contains a space'
        : 'it is not a valid URL (check the host name, and the port if there is one)',
    );
  }
}

function badServerUrl(why: string): ProviderError {
  return new ProviderError(
    'caldav',
    'invalid_input',
    `the CalDAV server URL is not usable: ${why}`,
  );
}

/** A decoded path, percent-encoded one segment at a time. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * One spelling per member: the decoded path. Servers may percent-encode an href in one answer
 * and not in the next; the path is what identifies the object (and an event's id builds on it).
 */
export function normaliseHref(href: string, base: string): string {
  const path = new URL(href, base).pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * normaliseHref of an href a server sent, or null when no URL can be made of it (a broken server
 * or proxy: `http://[::1/x.ics`, a bad port). Such an href names no object this side can ask
 * for or store; the caller reports it and goes on with the others.
 */
export function readHref(href: string, base: string): string | null {
  try {
    return normaliseHref(href, base);
  } catch {
    return null;
  }
}

export function isCollection(href: string, calendarUrl: string): boolean {
  return href.endsWith('/') || href === normaliseHref(calendarUrl, calendarUrl);
}
