import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readTrustProxy, trustProxyProblem } from './trust-proxy.js';

// The library Fastify compiles the setting with, resolved as Fastify resolves it.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const proxyAddr = fromFastify('@fastify/proxy-addr') as { compile(values: string[]): unknown };

/** Whether Fastify would build its server with the setting (it splits lists the same way). */
function fastifyAccepts(value: string): boolean {
  const setting = readTrustProxy(value);
  if (typeof setting !== 'string') return true;
  try {
    proxyAddr.compile(setting.split(',').map((entry) => entry.trim()));
    return true;
  } catch {
    return false;
  }
}

const ACCEPTED = [
  'true',
  'false',
  '3',
  '127.0.0.1',
  '::1',
  '10.0.0.0/8',
  'fc00::/7',
  '192.168.0.0/255.255.0.0',
  'loopback, linklocal,uniquelocal',
  '10.0.0.1,::ffff:10.0.0.2',
];

const REFUSED: Array<[value: string, entry: string]> = [
  ['garbage', 'garbage'],
  ['10.0.0.1, proxy.internal', 'proxy.internal'],
  ['10.0.0.0/33', '10.0.0.0/33'],
  ['10.0.0.0/0', '10.0.0.0/0'],
  ['::1/129', '::1/129'],
  ['10.0.0.0/255.0.255.0', '10.0.0.0/255.0.255.0'],
  ['::1/255.0.0.0', '::1/255.0.0.0'],
  ['10.0.0.1,', ''],
  ['TRUE', 'TRUE'],
  ['Loopback', 'Loopback'],
];

describe('TRUST_PROXY', () => {
  it('reads true, false, unset and a hop count, and keeps a list as Fastify takes it', () => {
    expect(readTrustProxy(undefined)).toBe(false);
    expect(readTrustProxy('false')).toBe(false);
    expect(readTrustProxy('true')).toBe(true);
    expect(readTrustProxy('2')).toBe(2);
    expect(readTrustProxy('10.0.0.1, 10.0.0.2')).toBe('10.0.0.1, 10.0.0.2');
  });

  it('accepts addresses, prefixes, IPv4 netmasks and named ranges, as Fastify does', () => {
    for (const value of ACCEPTED) {
      expect(trustProxyProblem(value), value).toBeNull();
      expect(fastifyAccepts(value), value).toBe(true);
    }
  });

  it('names the first entry Fastify would throw on', () => {
    for (const [value, entry] of REFUSED) {
      expect(trustProxyProblem(value), value).toBe(
        `${JSON.stringify(entry)} is not an IP address, a CIDR range, loopback, linklocal or uniquelocal; give true, false, a number of hops, or a comma-separated list of addresses`,
      );
      expect(fastifyAccepts(value), value).toBe(false);
    }
  });
});
