import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type FaultKind, type RunningGoogleEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  listAll,
  NO_RETRY,
  type Connected,
} from './test-kit.js';

const CAL = 'alice@example.com';

let emulator: RunningGoogleEmulator;
let client: Connected;

beforeEach(async () => {
  emulator = await startGoogleEmulator({ seed: buildSeed([buildEvent({ id: 'e1' })]) });
  client = await connect(emulator);
});

afterEach(async () => {
  await emulator.close();
});

const listOnce = () => client.api.events.list({ calendarId: CAL }, NO_RETRY);

describe('injected errors', () => {
  it.each<[FaultKind, number, string, string]>([
    ['rateLimitExceeded', 403, 'usageLimits', 'rateLimitExceeded'],
    ['userRateLimitExceeded', 403, 'usageLimits', 'userRateLimitExceeded'],
    ['tooManyRequests', 429, 'usageLimits', 'rateLimitExceeded'],
    ['backendError', 500, 'global', 'backendError'],
    ['serviceUnavailable', 503, 'global', 'backendError'],
  ])(
    '%s answers %i with %s/%s once, then the call works again',
    async (fault, code, domain, reason) => {
      emulator.state.addFault({ fault, times: 1, match: { pathIncludes: '/events' } });
      const error = await failure(listOnce());
      expect(error.status).toBe(code);
      expect(error.data).toMatchObject({ error: { code, errors: [{ domain, reason }] } });
      await expect(listOnce()).resolves.toMatchObject({ status: 200 });
      expect(emulator.state.faults()).toEqual([]);
    },
  );

  it('fullSyncRequired answers 410 and invalidates the calendar’s sync tokens', async () => {
    const { pages } = await listAll(client.api, { calendarId: CAL });
    const syncToken = pages.at(-1)?.nextSyncToken ?? '';
    emulator.state.addFault({ fault: 'fullSyncRequired', times: 1 });
    const first = await failure(client.api.events.list({ calendarId: CAL, syncToken }, NO_RETRY));
    expect(first.status).toBe(410);
    expect(first.data).toMatchObject({ error: { errors: [{ reason: 'fullSyncRequired' }] } });
    // The rule is spent, but the token stays invalid: a full sync is needed.
    const second = await failure(client.api.events.list({ calendarId: CAL, syncToken }, NO_RETRY));
    expect(second.status).toBe(410);
    await expect(listOnce()).resolves.toMatchObject({ status: 200 });
  });

  it('only fires for matching method and path', async () => {
    emulator.state.addFault({
      fault: 'backendError',
      match: { method: 'GET', pathIncludes: '/events' },
    });
    await expect(client.api.calendarList.list({}, NO_RETRY)).resolves.toMatchObject({
      status: 200,
    });
    expect((await failure(listOnce())).status).toBe(500);
    expect(emulator.state.faults()[0]?.fired).toBe(1);
    emulator.state.clearFaults();
    await expect(listOnce()).resolves.toMatchObject({ status: 200 });
  });

  it('fires at a seeded rate, the same way for the same seed', async () => {
    const run = async () => {
      emulator.state.clearFaults();
      emulator.state.seedFaults(3);
      emulator.state.addFault({ fault: 'tooManyRequests', rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const status = await listOnce().then(
          (r) => r.status,
          (e: { response?: { status?: number } }) => e.response?.status ?? 0,
        );
        statuses.push(status);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(429);
  });

  it('is absorbed by googleapis’s own retries when the client keeps them on (GET, 503)', async () => {
    emulator.state.addFault({ fault: 'serviceUnavailable', times: 2 });
    const { status } = await client.api.events.list({ calendarId: CAL });
    expect(status).toBe(200);
  });
});

describe('transport faults', () => {
  it('a dropped connection surfaces as a network error without a status', async () => {
    emulator.state.addFault({ fault: 'drop', times: 1 });
    const error = await failure(listOnce());
    expect(error.status).toBeUndefined();
    expect(error.data).toBeUndefined();
    expect(error.code).toBe('ECONNRESET');
    await expect(listOnce()).resolves.toMatchObject({ status: 200 });
  });

  it('a slow response still answers normally', async () => {
    emulator.state.addFault({ fault: 'slow', delayMs: 50, times: 1 });
    const { data } = await listOnce();
    expect(data.items?.map((e) => e.id)).toEqual(['e1']);
    expect(emulator.state.faults()).toEqual([]);
  });

  it('also applies to the token endpoint', async () => {
    emulator.state.addFault({ fault: 'backendError', match: { pathIncludes: '/token' }, times: 1 });
    const response = await fetch(`${emulator.url}/token`, { method: 'POST' });
    expect(response.status).toBe(500);
  });
});
