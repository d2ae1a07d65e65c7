/**
 * TRUST_PROXY as Fastify's trustProxy takes it: true, false, a number of hops, or a
 * comma-separated list of addresses and ranges. Fastify hands a list to @fastify/proxy-addr only
 * when the server is built, which throws on an entry it cannot read; the entries are checked here
 * by proxy-addr's own rules (ipaddr.js, a prefix length or an IPv4 netmask after the last `/`,
 * three named ranges), so that the setting is refused at start with the other settings.
 */
import ipaddr from 'ipaddr.js';

export type TrustProxy = boolean | number | string;

const NAMED_RANGES: readonly string[] = ['loopback', 'linklocal', 'uniquelocal'];

/** The setting as Fastify takes it; unset is false (the peer's address is the client's). */
export function readTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** What is wrong with the setting, in one line, or null when Fastify will accept it. */
export function trustProxyProblem(value: string): string | null {
  if (typeof readTrustProxy(value) !== 'string') return null;
  // Fastify splits on commas and trims each entry itself.
  const unreadable = value
    .split(',')
    .map((entry) => entry.trim())
    .find((entry) => !isTrustedRange(entry));
  if (unreadable === undefined) return null;
  return `${JSON.stringify(unreadable)} is not an IP address, a CIDR range, loopback, linklocal or uniquelocal; give true, false, a number of hops, or a comma-separated list of addresses`;
}

function isTrustedRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const slash = entry.lastIndexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  if (!ipaddr.isValid(address)) return false;
  if (slash === -1) return true;
  const isIpv6 = ipaddr.parse(address).kind() === 'ipv6';
  const bits = prefixLength(entry.slice(slash + 1), isIpv6);
  return bits !== null && bits > 0 && bits <= (isIpv6 ? 128 : 32);
}

/** `24`, or for an IPv4 address a netmask such as `255.255.255.0`; null when neither. */
function prefixLength(range: string, isIpv6: boolean): number | null {
  if (/^\d+$/.test(range)) return Number(range);
  if (isIpv6 || !ipaddr.isValid(range)) return null;
  const mask = ipaddr.parse(range);
  return mask.kind() === 'ipv4' ? mask.prefixLengthFromSubnetMask() : null;
}
