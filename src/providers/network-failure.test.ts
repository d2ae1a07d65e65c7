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
});
