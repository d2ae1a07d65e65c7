/**
 * HOST is where the service listens and, without CALINTEL_PUBLIC_URL, the host of its public URL
 * (`http://HOST:PORT`), so it must be both something Node can listen on and a URL's host: an IP
 * address or a host name.
 */
import { isIP, isIPv6 } from 'node:net';

/** A DNS name (RFC 1123 labels; `_` too, as Docker's service names have it), maybe ending in a dot. */
const HOST_NAME =
  /^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** Why HOST cannot be listened on or put in a URL, or null. */
export function hostProblem(host: string): string | null {
  if (isIP(host) !== 0) {
    if (!host.includes('%')) return null;
    // It can be listened on, but a URL's host cannot hold it (the WHATWG URL standard has no
    // zone identifiers), and the service's own URL is made from HOST.
    return `an IPv6 address with a zone index cannot be written in a URL, got "${host}"; listen on :: (every interface) or on a global address instead`;
  }
  // A name whose last label is a number is read as an IPv4 address by URLs (999.1.1.1, 10.1).
  const lastLabel = host.replace(/\.$/, '').split('.').pop() ?? '';
  if (HOST_NAME.test(host) && !/^(\d+|0x[0-9a-f]*)$/i.test(lastLabel)) return null;
  return `must be an IP address (127.0.0.1, 0.0.0.0, ::1, ::) or a host name, got "${host}"`;
}

/** The host as a URL writes it: an IPv6 address in brackets (`http://[::1]:8000`). */
export function urlHost(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}
