import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from './network-failure.js';

async function failureOf(url: string): Promise<unknown> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    return error;
  }
  throw new Error(`${url} answered`);
}

/** A port on which nothing listens: one bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('describeNetworkFailure', () => {
  it('says a refused connection in words, with its code', async () => {
    const error = await failureOf(`http://127.0.0.1:${await closedPort()}/feed.ics`);
    expect(describeNetworkFailure(error)).toBe('the server refused the connection (ECONNREFUSED)');
  });

  it('names the reason fetch gives only as a message (a "bad port")', async () => {
    // Before, the message was the bare "fetch failed".
    const error = await failureOf('http://127.0.0.1:1/feed.ics');
    expect(describeNetworkFailure(error)).toBe('the port is one that fetch refuses to connect to');
  });

  it('keeps the inner message of an unknown code', () => {
    const cause = Object.assign(new Error('something odd'), { code: 'EWEIRD' });
    const error = new TypeError('fetch failed', { cause });
    expect(describeNetworkFailure(error)).toBe('something odd (EWEIRD)');
  });

  it('says a timeout plainly', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(describeNetworkFailure(error)).toBe('no answer in time');
  });

  it('reads a code on the error itself, and anything that is not an Error', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), {
      code: 'ENOTFOUND',
    });
    expect(describeNetworkFailure(error)).toBe('the host name does not resolve (ENOTFOUND)');
    expect(describeNetworkFailure('plain')).toBe('plain');
  });

  it('says that an https address reached a plain http server, not OpenSSL internals', async () => {
    // A webcal:// feed is fetched over https; before, the user read "80CC85AA3A7F0000:error:
    // 0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/...".
    const server = createHttpServer((_request, response) => response.end('BEGIN:VCALENDAR'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const error = await failureOf(`https://127.0.0.1:${address.port}/feed.ics`);
      expect(describeNetworkFailure(error)).toBe(
        'the server does not answer HTTPS on this port (it may serve plain http only) (ERR_SSL_WRONG_VERSION_NUMBER)',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('words any other TLS failure without the library dump', () => {
    const cause = Object.assign(
      new Error('80CC:error:0A000410:SSL routines:...:handshake failure'),
      {
        code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      },
    );
    expect(describeNetworkFailure(new TypeError('fetch failed', { cause }))).toBe(
      'the TLS (HTTPS) handshake failed (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)',
    );
  });
});
