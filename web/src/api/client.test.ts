import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, configureClient, withQuery } from './client';
import { liveVersion } from './live';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

const noSessionCheck = () => Promise.resolve(false);

afterEach(() => {
  vi.unstubAllGlobals();
  configureClient({ csrfToken: () => null, onUnauthorized: () => {}, onForbidden: noSessionCheck });
});

describe('apiRequest', () => {
  it('sends the CSRF token on changes only, with the cookie', async () => {
    const fetch = vi.fn(async () => answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    configureClient({
      csrfToken: () => 'tok',
      onUnauthorized: () => {},
      onForbidden: noSessionCheck,
    });

    await apiRequest('/api/x', { query: { a: 1, b: undefined, c: '' } });
    await apiRequest('/api/x', { method: 'POST', body: { keepEvents: true } });

    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]?.[0]).toBe('/api/x?a=1');
    expect(calls[0]?.[1].credentials).toBe('same-origin');
    expect((calls[0]?.[1].headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect((calls[1]?.[1].headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(calls[1]?.[1].body).toBe('{"keepEvents":true}');
  });

  it('sends a FormData as it is, with the CSRF token and no content type of its own', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 'c1' }));
    vi.stubGlobal('fetch', fetch);
    configureClient({
      csrfToken: () => 'tok',
      onUnauthorized: () => {},
      onForbidden: noSessionCheck,
    });
    const form = new FormData();
    form.append('label', 'Work');

    await apiRequest('/api/upload', { method: 'POST', body: form });

    const [, init] = (fetch.mock.calls as unknown as [string, RequestInit][])[0] ?? [];
    const headers = init?.headers as Record<string, string>;
    expect(init?.body).toBe(form);
    expect(headers['Content-Type']).toBeUndefined();
    expect(headers['X-CSRF-Token']).toBe('tok');
  });

  it("turns the error body into an ApiError with the server's message", async () => {
    vi.stubGlobal('fetch', async () =>
      answer(409, { error: { code: 'conflict', message: 'already resolved' } }),
    );
    const error = await apiRequest('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'already resolved' });
  });

  it('ends the session on a 401, unless the caller reads the 401 itself', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(401, { error: { code: 'unauthorized', message: 'not signed in' } }),
    );
    const onUnauthorized = vi.fn();
    configureClient({ csrfToken: () => null, onUnauthorized, onForbidden: noSessionCheck });
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(
      apiRequest('/auth/sign-in', { method: 'POST', redirectOnUnauthorized: false }),
    ).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('sends a refused change once more when the session was renewed in another tab', async () => {
    const refused = answer(403, { error: { code: 'forbidden', message: 'wrong X-CSRF-Token' } });
    const fetch = vi.fn<() => Promise<Response>>();
    fetch.mockResolvedValueOnce(refused).mockResolvedValueOnce(answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    let token = 'old';
    const onForbidden = vi.fn(async () => {
      token = 'new';
      return true;
    });
    configureClient({ csrfToken: () => token, onUnauthorized: () => {}, onForbidden });

    await expect(apiRequest('/api/x', { method: 'POST', body: {} })).resolves.toEqual({
      ok: true,
    });
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(
      calls.map(([, init]) => (init.headers as Record<string, string>)['X-CSRF-Token']),
    ).toEqual(['old', 'new']);
  });

  it('keeps a 403 an error when the session was not renewed, or after one more try', async () => {
    const forbidden = () => answer(403, { error: { code: 'forbidden', message: 'no' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => forbidden()),
    );
    const onForbidden = vi.fn(async () => false);
    configureClient({ csrfToken: () => 'tok', onUnauthorized: () => {}, onForbidden });
    await expect(apiRequest('/api/x', { method: 'POST' })).rejects.toMatchObject({ status: 403 });
    expect(onForbidden).toHaveBeenCalledTimes(1);

    const fetch = vi.fn(async () => forbidden());
    vi.stubGlobal('fetch', fetch);
    configureClient({
      csrfToken: () => 'tok',
      onUnauthorized: () => {},
      onForbidden: async () => true,
    });
    await expect(apiRequest('/api/x', { method: 'POST' })).rejects.toMatchObject({ status: 403 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('answers nothing for a 204 and explains a body that is not the error shape', async () => {
    vi.stubGlobal('fetch', async () => answer(204));
    await expect(apiRequest('/auth/sign-out', { method: 'POST' })).resolves.toBeUndefined();
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502 }));
    await expect(apiRequest('/api/x')).rejects.toMatchObject({
      status: 502,
      message: 'The request failed (HTTP 502).',
    });
  });

  it('says when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('withQuery', () => {
  it('leaves out empty values', () => {
    expect(withQuery('/p', {})).toBe('/p');
    expect(withQuery('/p', { from: '2026-03-02T00:00:00Z', n: null })).toBe(
      '/p?from=2026-03-02T00%3A00%3A00Z',
    );
  });
});

describe('liveVersion', () => {
  it('reads the version of a change event and ignores anything else', () => {
    expect(liveVersion('{"version":"v42"}')).toBe('v42');
    expect(liveVersion('{"version":7}')).toBe('7');
    expect(liveVersion('{}')).toBeNull();
    expect(liveVersion('not json')).toBeNull();
  });
});
