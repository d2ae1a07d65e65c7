import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_LISTEN, listenFailure, SERVICE_LISTEN } from './listen-failure.js';
import { UsageError } from './output.js';

const servers: Server[] = [];

/** The error Node gives a server that listens at host:port, or null when it could. */
async function listenError(host: string, port: number): Promise<Error | null> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, host, () => resolve(null));
  });
}

function portOf(server: Server | undefined): number {
  const address = server?.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('listenFailure', () => {
  it("names a port another program holds, and the service's PORT or an emulator's --port", async () => {
    expect(await listenError('127.0.0.1', 0)).toBeNull();
    const port = portOf(servers[0]);
    const error = await listenError('127.0.0.1', port);
    const failure = listenFailure(error, SERVICE_LISTEN);
    expect(failure).toBeInstanceOf(UsageError);
    expect(failure?.message).toBe(
      `cannot listen on 127.0.0.1:${port}: another program is using it; stop it, or choose another port with PORT=<port>`,
    );
    expect(failure?.cause).toBe(error);
    expect(listenFailure(error, EMULATOR_LISTEN)?.message).toMatch(/with --port <port>$/);
  });

  it("names an address that is not this machine's, and HOST", async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    const error = await listenError('192.0.2.1', 8000);
    expect(listenFailure(error, SERVICE_LISTEN)?.message).toBe(
      "cannot listen on 192.0.2.1:8000: the address is not one of this machine's; choose another with HOST=<address>",
    );
  });

  it('brackets an IPv6 address and explains a privileged port', () => {
    const denied = Object.assign(new Error('listen EACCES: permission denied ::1:80'), {
      code: 'EACCES',
      syscall: 'listen',
      address: '::1',
      port: 80,
    });
    expect(listenFailure(denied, SERVICE_LISTEN)?.message).toBe(
      'cannot listen on [::1]:80: not permitted (ports below 1024 need privileges); choose another port with PORT=<port>',
    );
  });

  it('leaves other failures alone, a refused connection included', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 1,
    });
    expect(listenFailure(refused, SERVICE_LISTEN)).toBeNull();
    expect(listenFailure(new TypeError('x is undefined'), SERVICE_LISTEN)).toBeNull();
  });

  it('names HOST when the host name it listens on does not resolve, and only that name', () => {
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND example.invalid'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'example.invalid',
    });
    const failure = listenFailure(lookup, SERVICE_LISTEN, 'example.invalid');
    expect(failure).toBeInstanceOf(UsageError);
    expect(failure?.message).toBe(
      'cannot listen on example.invalid: no address found for this host name (ENOTFOUND); choose another with HOST=<address>',
    );
    expect(failure?.cause).toBe(lookup);
    // Another name (the database's) or no host given: not the listener's to report.
    expect(listenFailure(lookup, SERVICE_LISTEN, 'calintel.internal')).toBeNull();
    expect(listenFailure(lookup, SERVICE_LISTEN)).toBeNull();
  });
});
