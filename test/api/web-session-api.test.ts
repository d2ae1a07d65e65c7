import { apiDepsFor } from '../../src/app/api-adapter.js';
import { buildServer } from '../../src/api/server.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildCalendar, buildEvent as vevent } from '../conformance/ics-builder.js';
import type { Store } from '../../src/store/store.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';
import { hashPassword } from '../../src/app/web-auth/passwords.js';

const BASE = '/api/v1/calendar';
const PASSWORD = 'a long enough password';

function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'calintel_session');
  if (!cookie) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return cookie.value;
}

const oneEvent = (uid: string, summary: string) =>
  buildCalendar([
    vevent({
      UID: uid,
      DTSTAMP: '20260101T000000Z',
      DTSTART: '20260310T150000Z',
      DTEND: '20260310T160000Z',
      SUMMARY: summary,
    }),
  ]);

/** A seeded organisation's user, with the address to sign in with. */
async function seedPerson(store: Store, label: string): Promise<Tenant & { email: string }> {
  const tenant = await seedTenant(store, label);
  const user = await store.users.get(tenant.scope);
  if (!user) throw new Error('seeded user not found');
  return { ...tenant, email: user.email };
}

describeEachDialect('dashboard sessions', (context) => {
  let api: TestApi;
  let alice: Tenant & { email: string };
  let bob: Tenant & { email: string };

  beforeAll(async () => {
    // Passwords (and the decoy an unknown address is checked against) hashed at a cheap cost:
    // these tests sign in dozens of times; the flood test builds an app with the real cost.
    api = await buildTestApi(context().store, { LIVE_POLL_MS: '100' }, undefined, {
      passwordHash: (password) => hashPassword(password, { N: 2 ** 10, r: 8, p: 1 }),
    });
    alice = await seedPerson(context().store, 'web-alice');
    bob = await seedPerson(context().store, 'web-bob');
    await api.app.webAuth.setPassword(alice.scope, PASSWORD);
    await api.app.webAuth.setPassword(bob.scope, PASSWORD);
  });
  afterAll(async () => api?.close());

  let listening: Promise<string> | null = null;
  /** The server on a real port, for streams (opened once per suite). */
  const address = () => (listening ??= api.server.listen({ port: 0, host: '127.0.0.1' }));
  const signIn = (email: string, password: string) =>
    api.server.inject({ method: 'POST', url: '/auth/sign-in', payload: { email, password } });
  const asBrowser = (cookie: string, extra: Record<string, string> = {}) => ({
    cookie: `calintel_session=${cookie}`,
    ...extra,
  });

  it('refuses a wrong password and an unknown address with the same answer', async () => {
    const wrong = await signIn(alice.email, 'not the password at all');
    const unknown = await signIn('nobody@acme.test', PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'invalid_credentials', message: 'wrong email or password' },
      });
      expect(response.cookies).toHaveLength(0);
    }
  });

  it('signs in with an httpOnly, SameSite=Lax cookie and shows only the caller', async () => {
    const response = await signIn(alice.email.toUpperCase(), PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'calintel_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const body = response.json();
    expect(body.user.email).toBe(alice.email);
    expect(body.organisation.id).toBe(alice.scope.orgId);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);

    const session = await api.server.inject({
      url: '/auth/session',
      headers: asBrowser(sessionCookieOf(response)),
    });
    expect(session.json()).toEqual(body);
    const optional = await api.server.inject({
      url: '/auth/session?optional=true',
      headers: asBrowser(sessionCookieOf(response)),
    });
    expect(optional.json()).toEqual(body);
  });

  it('answers a check for a session 204 when asked with optional=true, else 401', async () => {
    const checked = await api.server.inject({ url: '/auth/session?optional=true' });
    expect(checked.statusCode).toBe(204);
    expect(checked.body).toBe('');
    // Whether this browser is signed in changes at sign-in: no cache may answer for the server.
    expect(checked.headers['cache-control']).toBe('no-store');
    const asked = await api.server.inject({ url: '/auth/session' });
    expect(asked.statusCode).toBe(401);
    const unknown = await api.server.inject({ url: '/auth/session?optional=yes' });
    expect(unknown.statusCode).toBe(400);
    // Every answer of this route, refusals too: each of them changes at sign-in.
    for (const answer of [asked, unknown]) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('reads the API with the cookie, and needs the CSRF token to change anything', async () => {
    const response = await signIn(alice.email, PASSWORD);
    const cookie = sessionCookieOf(response);
    const { csrfToken } = response.json();
    const read = await api.server.inject({ url: `${BASE}/events/`, headers: asBrowser(cookie) });
    expect(read.statusCode).toBe(200);

    const importFile = (headers: Record<string, string>) =>
      api.server.inject({
        method: 'POST',
        url: `${BASE}/providers/ics/connect/`,
        headers: { ...asBrowser(cookie), 'content-type': 'text/calendar', ...headers },
        payload: oneEvent('csrf@web.test', 'Acme discovery'),
      });
    const forged = await importFile({});
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.message).toMatch(/X-CSRF-Token/);
    const wrongToken = await importFile({ 'x-csrf-token': `${csrfToken.slice(1)}x` });
    expect(wrongToken.statusCode).toBe(403);
    const allowed = await importFile({ 'x-csrf-token': csrfToken });
    expect(allowed.statusCode).toBe(201);
  });

  it("never shows another organisation's events to a session", async () => {
    const bobImport = await api.app.connections.importIcsFile(bob.scope, {
      fileName: 'bob.ics',
      content: oneEvent('bob-only@web.test', 'Bob private deal'),
    });
    expect(bobImport.sync?.added).toBe(1);
    const cookie = sessionCookieOf(await signIn(alice.email, PASSWORD));
    const list = await api.server.inject({
      url: `${BASE}/events/?limit=200`,
      headers: asBrowser(cookie),
    });
    const titles = list.json().items.map((e: { title: string }) => e.title);
    expect(titles).not.toContain('Bob private deal');
  });

  it('signs out: the cookie stops working', async () => {
    const response = await signIn(alice.email, PASSWORD);
    const cookie = sessionCookieOf(response);
    const noToken = await api.server.inject({
      method: 'POST',
      url: '/auth/sign-out',
      headers: asBrowser(cookie),
    });
    expect(noToken.statusCode).toBe(403);
    const out = await api.server.inject({
      method: 'POST',
      url: '/auth/sign-out',
      headers: asBrowser(cookie, { 'x-csrf-token': response.json().csrfToken }),
    });
    expect(out.statusCode).toBe(204);
    const after = await api.server.inject({ url: `${BASE}/events/`, headers: asBrowser(cookie) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/sign in again/);
  });

  it('a new password ends the sessions made with the old one', async () => {
    const carol = await seedPerson(context().store, 'web-carol');
    await api.app.webAuth.setPassword(carol.scope, PASSWORD);
    const cookie = sessionCookieOf(await signIn(carol.email, PASSWORD));
    await api.app.webAuth.setPassword(carol.scope, 'another long password');
    const after = await api.server.inject({ url: '/auth/session', headers: asBrowser(cookie) });
    expect(after.statusCode).toBe(401);
    expect((await signIn(carol.email, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(carol.email, 'another long password')).statusCode).toBe(200);
  });

  it('slows down guessing: the eleventh try in a minute is refused', async () => {
    const dave = await seedPerson(context().store, 'web-dave');
    await api.app.webAuth.setPassword(dave.scope, PASSWORD);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1)
      statuses.push((await signIn(dave.email, `wrong guess ${attempt}`)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Even the right password waits: the limit is on trying, not on failing.
    expect((await signIn(dave.email, PASSWORD)).statusCode).toBe(429);
    // The same address written differently is the same account, and the same limit.
    for (const variant of [
      ` ${dave.email}`,
      `${dave.email.toUpperCase()}\t`,
      `mailto:${dave.email}`,
    ])
      expect((await signIn(variant, PASSWORD)).statusCode).toBe(429);
  });

  it('a flood of sign-ins from one address is refused past its share; another address still signs in', async () => {
    // scrypt at its real cost, so that the flood's checks are still running when the rest arrive.
    const real = await buildTestApi(context().store);
    try {
      const flood = Array.from({ length: 8 }, (_, i) =>
        real.app.webAuth.signIn(`flood-${i}@nowhere.test`, 'some password or other', '10.9.9.9'),
      );
      const bobSignsIn = real.app.webAuth.signIn(bob.email, PASSWORD, '192.0.2.7');
      const messages = (await Promise.allSettled(flood)).map((a) =>
        a.status === 'rejected' ? String(a.reason) : 'signed in',
      );
      expect(messages.filter((m) => /too many sign-ins from this address/.test(m))).toHaveLength(6);
      expect(messages.filter((m) => /wrong email or password/.test(m))).toHaveLength(2);
      await expect(bobSignsIn).resolves.toMatchObject({ view: { user: { email: bob.email } } });
    } finally {
      await real.close();
    }
  });

  it('trying passwords against many accounts from one address is refused past the failure limit', async () => {
    const deps = apiDepsFor(api.app);
    const sprayed = await buildServer({
      ...deps,
      trustProxy: true,
      limits: { ...deps.limits, failedSignInsPerMinute: 3 },
    });
    try {
      const signInFrom = (address: string, email: string, password: string) =>
        sprayed.inject({
          method: 'POST',
          url: '/auth/sign-in',
          headers: { 'x-forwarded-for': address },
          payload: { email, password },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push(
          (await signInFrom('198.51.100.4', `person-${i}@acme.test`, 'Summer2026!!')).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect((await signInFrom('198.51.100.4', bob.email, PASSWORD)).statusCode).toBe(429);
      expect((await signInFrom('198.51.100.5', bob.email, PASSWORD)).statusCode).toBe(200);
    } finally {
      await sprayed.close();
    }
  });

  it('behind an HTTPS proxy: Secure cookies, and each client is limited by its own address', async () => {
    const proxied = await buildTestApi(context().store, {
      CALINTEL_PUBLIC_URL: 'https://crm.example.test',
      TRUST_PROXY: 'true',
    });
    try {
      const signInFrom = (address: string, password: string) =>
        proxied.server.inject({
          method: 'POST',
          url: '/auth/sign-in',
          headers: { 'x-forwarded-for': address, 'x-forwarded-proto': 'https' },
          payload: { email: bob.email, password },
        });
      const ok = await signInFrom('203.0.113.7', PASSWORD);
      expect(ok.cookies.find((c) => c.name === 'calintel_session')?.secure).toBe(true);
      for (let attempt = 0; attempt < 10; attempt += 1)
        await signInFrom('203.0.113.66', `wrong guess ${attempt}`);
      expect((await signInFrom('203.0.113.66', PASSWORD)).statusCode).toBe(429);
      // Someone guessing elsewhere does not lock Bob out.
      expect((await signInFrom('203.0.113.7', PASSWORD)).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a password shorter than ten characters', async () => {
    await expect(api.app.webAuth.setPassword(alice.scope, 'short')).rejects.toThrow(/at least 10/);
  });

  it('a sign-in link works once, from its own page, not from a preview or another site', async () => {
    const link = await api.app.webAuth.createSignInLink(alice.scope);
    // A chat preview fetching the link does not use it up.
    const page = await api.server.inject({ url: `/auth/link/${link.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expect(page.cookies).toHaveLength(0);
    expect(
      (await api.server.inject({ method: 'HEAD', url: `/auth/link/${link.token}` })).cookies,
    ).toHaveLength(0);
    const forged = await api.server.inject({
      method: 'POST',
      url: `/auth/link/${link.token}`,
      headers: { origin: 'https://evil.example', host: 'localhost:8000' },
    });
    expect(forged.statusCode).toBe(403);
    const first = await api.server.inject({
      method: 'POST',
      url: `/auth/link/${link.token}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:8000',
        host: 'localhost:8000',
      },
      payload: '',
    });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/');
    const session = await api.server.inject({
      url: '/auth/session',
      headers: asBrowser(sessionCookieOf(first)),
    });
    expect(session.json().user.email).toBe(alice.email);
    const again = await api.server.inject({ method: 'POST', url: `/auth/link/${link.token}` });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/sign-in?error=link_invalid');
    expect(again.cookies).toHaveLength(0);
  });

  it('behind a reverse proxy, a sign-in link posts from the public site whatever Host the proxy sends', async () => {
    const proxied = await buildTestApi(context().store, {
      CALINTEL_PUBLIC_URL: 'https://cal.example.com',
      TRUST_PROXY: 'true',
    });
    try {
      const post = async (headers: Record<string, string>) => {
        const link = await proxied.app.webAuth.createSignInLink(alice.scope);
        return proxied.server.inject({ method: 'POST', url: `/auth/link/${link.token}`, headers });
      };
      // nginx's default: Host is the upstream's address, the browser's Origin the public site.
      const upstreamHost = { host: '127.0.0.1:8000', origin: 'https://cal.example.com' };
      expect((await post(upstreamHost)).statusCode).toBe(303);
      // A proxy that forwards the public host, trusted.
      const forwarded = {
        host: '127.0.0.1:8000',
        'x-forwarded-host': 'calendar.example.org',
        origin: 'https://calendar.example.org',
      };
      expect((await post(forwarded)).statusCode).toBe(303);
      const evil = { host: '127.0.0.1:8000', origin: 'https://evil.example' };
      expect((await post(evil)).statusCode).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('disconnects a feed connection by id, keeping its events', async () => {
    const response = await signIn(alice.email, PASSWORD);
    const headers = asBrowser(sessionCookieOf(response), {
      'x-csrf-token': response.json().csrfToken,
    });
    const result = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/${alice.connection.id}/disconnect/`,
      headers,
      payload: { keepEvents: true },
    });
    expect(result.statusCode).toBe(200);
    expect(result.json()).toEqual({ disconnected: [alice.connection.id], eventsKept: true });
    const stored = await context().store.connections.get(alice.scope, alice.connection.id);
    expect(stored?.status).toBe('disconnected');
    // Nothing syncs it again: not a sync asked for, not one already queued.
    const resync = await api.server.inject({
      method: 'POST',
      url: `${BASE}/sync/`,
      headers,
      payload: { connectionId: alice.connection.id },
    });
    expect(resync.json()).toEqual({ queued: [] });
    await api.app.engine.syncCalendar(alice.scope, alice.calendar.id);
    const after = await context().store.connections.get(alice.scope, alice.connection.id);
    expect(after?.status).toBe('disconnected');
    const bobs = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/${bob.connection.id}/disconnect/`,
      headers,
    });
    expect(bobs.statusCode).toBe(404);
  });

  it('ends a live stream when its session ends, and caps the streams of one session', async () => {
    const response = await signIn(alice.email, PASSWORD);
    const cookie = sessionCookieOf(response);
    const base = await address();
    const controller = new AbortController();
    try {
      const open = () =>
        fetch(`${base}${BASE}/live/`, {
          headers: { cookie: `calintel_session=${cookie}` },
          signal: controller.signal,
        });
      const streams = [];
      for (let i = 0; i < 5; i += 1) streams.push(await open());
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      const sixth = await open();
      expect(sixth.status).toBe(429);
      await api.server.inject({
        method: 'POST',
        url: '/auth/sign-out',
        headers: asBrowser(cookie, { 'x-csrf-token': response.json().csrfToken }),
      });
      // The stream says so and closes; reading it to the end must finish.
      const text = await streams[0]!.text();
      expect(text).toContain('event: ended');
    } finally {
      controller.abort();
    }
  });

  it('streams a change when the caller’s calendar changes', async () => {
    const cookie = sessionCookieOf(await signIn(alice.email, PASSWORD));
    const base = await address();
    const controller = new AbortController();
    try {
      const response = await fetch(`${base}${BASE}/live/`, {
        headers: { cookie: `calintel_session=${cookie}` },
        signal: controller.signal,
      });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      const versions: string[] = [];
      let buffered = '';
      const nextVersion = async () => {
        for (;;) {
          const match = /event: change\ndata: (.*)\n\n/.exec(buffered);
          if (match) {
            buffered = buffered.slice((match.index ?? 0) + match[0].length);
            return JSON.parse(match[1] ?? '{}').version as string;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          buffered += new TextDecoder().decode(value);
        }
      };
      versions.push(await nextVersion());
      await api.app.connections.importIcsFile(alice.scope, {
        fileName: 'live.ics',
        content: oneEvent('live@web.test', 'Globex pricing call'),
      });
      versions.push(await nextVersion());
      expect(versions[1]).not.toBe(versions[0]);
    } finally {
      controller.abort();
    }
  });
});
