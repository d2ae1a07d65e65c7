import { afterAll, beforeAll } from 'vitest';

// Tests may only talk to this machine: the emulators, Radicale, PostgreSQL and Redis all listen on
// loopback. A test that reaches anywhere else is a bug (it would hang or flake in CI), so it fails.
const realFetch = globalThis.fetch;

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
}

beforeAll(() => {
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!isLoopback(url)) {
      throw new Error(`unexpected outbound request to ${url.origin} in a test`);
    }
    return realFetch(input, init);
  }) as typeof fetch;
});

afterAll(() => {
  globalThis.fetch = realFetch;
});
