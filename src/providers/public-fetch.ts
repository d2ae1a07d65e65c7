/**
 * Fetch for addresses users type in (ICS feeds, CalDAV servers): it refuses to connect to this
 * machine, the private network and cloud metadata services, so a calendar URL cannot be used
 * to read the service's own network (SSRF). The check runs on every connection, redirects
 * included, on the address actually connected to: a name that resolves to a private address,
 * or that changes its answer between a check and the request (DNS rebinding), is refused too.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

/** Ranges that are the internet; everything else (loopback, private, link-local...) is refused. */
const PUBLIC_RANGE = 'unicast';

/**
 * The message names the host the user typed, never the address it resolved to: that would let
 * any user read the internal DNS (which names exist and their private addresses) through
 * refusals. The address stays on the error for the log.
 */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(
    host: string,
    readonly address: string,
  ) {
    super(`${host} is a private or local address: calendars are only fetched from the internet`);
  }
}

/** The BlockedAddressError behind a failed fetch (fetch wraps it as its cause), if that is why. */
export function blockedAddressOf(error: unknown): BlockedAddressError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof BlockedAddressError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Whether `address` is on the internet and not this machine's. `ownAddresses` are the addresses
 * of this machine's interfaces: a host with a public address on an interface would otherwise
 * let a feed URL naming that address reach every service it runs on all interfaces.
 */
export function isPublicAddress(
  address: string,
  ownAddresses: ReadonlySet<string> = interfaceAddresses(),
): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== PUBLIC_RANGE || isIpv4Compatible(parsed)) return false;
  return !ownAddresses.has(parsed.toNormalizedString());
}

/**
 * `::a.b.c.d` (::/96, "IPv4-compatible", deprecated by RFC 4291): ipaddr.js calls it unicast,
 * so `[::127.0.0.1]`, which URLs rewrite as `[::7f00:1]`, passed the range check. No public
 * host is reached that way.
 */
function isIpv4Compatible(parsed: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return (
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)
  );
}

/** This machine's interface addresses, normalised as isPublicAddress compares them. */
export function interfaceAddresses(): Set<string> {
  const own = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const bare = entry.address.replace(/%.*$/, '');
      if (ipaddr.isValid(bare)) own.add(ipaddr.process(bare).toNormalizedString());
    }
  }
  return own;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup, failing when any address the name resolves to is not public. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first)
      return callback(
        Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }),
        [],
      );
    callback(null, first.address, first.family);
  });
}

/**
 * A fetch for user-given addresses. With `allowPrivateNetwork` (a deployment that syncs an
 * intranet calendar server, or tests against local servers) it is the plain global fetch.
 */
export function publicFetch(options: { allowPrivateNetwork: boolean }): typeof fetch {
  if (options.allowPrivateNetwork) return (input, init) => globalThis.fetch(input, init);
  const connectThroughPublicLookup = buildConnector({ lookup: publicOnlyLookup });
  const agent = new Agent({
    connect: (connectOptions, callback) => {
      // An address written as an IP is connected to without a lookup: check it here.
      const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
      if (ipaddr.isValid(host) && !isPublicAddress(host))
        return callback(new BlockedAddressError(host, host), null);
      return connectThroughPublicLookup(connectOptions, callback);
    },
  });
  // undici's own fetch with its own Agent: the global fetch is a different copy of undici. Its
  // types are undici's twins of the DOM's (RequestInit, Response), so the casts only rename them.
  const guarded = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    });
  return guarded as unknown as typeof fetch;
}
