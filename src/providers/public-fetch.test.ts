import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  interfaceAddresses,
  isPublicAddress,
  publicFetch,
} from './public-fetch.js';

describe('isPublicAddress', () => {
  it('accepts the internet and refuses this machine, private networks and metadata services', () => {
    expect(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'].map((a) => isPublicAddress(a))).toEqual([
      true,
      true,
      true,
    ]);
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      // IPv4-compatible IPv6 (::/96), as a URL writes [::127.0.0.1]: ipaddr.js calls it unicast.
      '::7f00:1',
      '::127.0.0.1',
      '::a9fe:a9fe',
      '::a00:1',
      'not an address',
    ];
    expect(refused.filter((a) => isPublicAddress(a))).toEqual([]);
  });

  it("refuses this machine's own interface addresses, public ones included", () => {
    const own = new Set(['93.184.216.34', '2606:4700:4700:0:0:0:0:1111']);
    expect(isPublicAddress('93.184.216.34', own)).toBe(false);
    expect(isPublicAddress('2606:4700:4700::1111', own)).toBe(false);
    expect(isPublicAddress('::ffff:93.184.216.34', own)).toBe(false);
    expect(isPublicAddress('8.8.8.8', own)).toBe(true);
    // The interfaces are read in the same normalised form.
    expect(interfaceAddresses()).toContain('127.0.0.1');
    expect(interfaceAddresses()).toContain('0:0:0:0:0:0:0:1');
  });
});

describe('publicFetch', () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/feed.ics` }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/calendar' }).end('BEGIN:VCALENDAR');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function causeOf(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    return (error as { cause?: unknown } | null)?.cause;
  }

  it('refuses a loopback address, written as an IP or as a name', async () => {
    const guarded = publicFetch({ allowPrivateNetwork: false });
    const byAddress = await causeOf(guarded(`http://127.0.0.1:${port}/feed.ics`));
    expect(byAddress).toBeInstanceOf(BlockedAddressError);
    const byName = await causeOf(guarded(`http://localhost:${port}/feed.ics`));
    expect(byName).toBeInstanceOf(BlockedAddressError);
    expect(String((byName as Error).message)).toMatch(/private or local address/);
    // Where the name led stays out of the message (it would map the internal DNS for any user).
    expect(String((byName as Error).message)).not.toMatch(/127\.0\.0\.1|::1/);
    expect((byName as BlockedAddressError).address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('fetches anything when the deployment allows its private network', async () => {
    const open = publicFetch({ allowPrivateNetwork: true });
    const response = await open(`http://127.0.0.1:${port}/redirect`);
    expect(await response.text()).toBe('BEGIN:VCALENDAR');
  });
});
