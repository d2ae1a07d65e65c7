import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMicrosoftEmulator, type RunningMicrosoftEmulator } from './index.js';
import { buildEvent, buildSeed, connect, failure, NOW } from './test-kit.js';
import { fetchTrusting } from './trusted-fetch.js';

let emulator: RunningMicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: () => NOW, seed: buildSeed([buildEvent()]) });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.state.reset();
});

describe('throttling', () => {
  it('answers 429 TooManyRequests with Retry-After in seconds', async () => {
    const { graph } = await connect(emulator, undefined, { maxRetries: 0 });
    emulator.state.addFault({
      match: { pathIncludes: '/me/calendars' },
      fault: 'tooManyRequests',
      times: 1,
      retryAfterSeconds: 7,
    });
    const error = await failure(graph.api('/me/calendars').get());
    expect([error.statusCode, error.code, error.headers?.get('retry-after')]).toEqual([
      429,
      'TooManyRequests',
      '7',
    ]);
  });

  it('the SDK retry handler honours Retry-After on 429, 503 and 504 and then succeeds', async () => {
    const { graph } = await connect(emulator);
    for (const fault of ['tooManyRequests', 'serviceUnavailable', 'gatewayTimeout'] as const)
      emulator.state.addFault({
        match: { pathIncludes: '/me/calendars' },
        fault,
        times: 1,
        retryAfterSeconds: 0,
      });
    const before = emulator.state.load().requests;
    const calendars = (await graph.api('/me/calendars').get()) as { value: unknown[] };
    expect(calendars.value).toHaveLength(2);
    expect(emulator.state.load().requests - before).toBe(4);
  });

  it('fires at a seeded rate, so a run can be repeated', async () => {
    const { graph } = await connect(emulator, undefined, { maxRetries: 0 });
    const outcomes = async () => {
      emulator.state.clearFaults();
      emulator.state.seedFaults(42);
      emulator.state.addFault({
        match: { pathIncludes: '/me/calendars' },
        fault: 'serviceUnavailable',
        rate: 0.5,
      });
      const list: number[] = [];
      for (let i = 0; i < 12; i++)
        list.push(
          await graph
            .api('/me/calendars')
            .get()
            .then(
              () => 200,
              (e: { statusCode: number }) => e.statusCode,
            ),
        );
      return list;
    };
    const first = await outcomes();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await outcomes()).toEqual(first);
  });

  it('a fifth request in flight for one mailbox is a 429 MailboxConcurrency', async () => {
    const { graph } = await connect(emulator, undefined, { maxRetries: 0 });
    emulator.state.addFault({
      match: { pathIncludes: '/me/calendars' },
      fault: 'slow',
      delayMs: 300,
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        graph
          .api('/me/calendars')
          .get()
          .then(
            () => 'ok',
            (e: { code: string }) => e.code,
          ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(4);
    expect(results.filter((r) => r === 'MailboxConcurrency')).toHaveLength(2);
    expect(emulator.state.load().peakConcurrency['alice@contoso.test']).toBe(4);
  });

  it('an expired access token is a 401 InvalidAuthenticationToken', async () => {
    const { graph } = await connect(emulator, undefined, { maxRetries: 0 });
    emulator.state.expireAccessTokens();
    const error = await failure(graph.api('/me/calendars').get());
    expect([error.statusCode, error.code]).toEqual([401, 'InvalidAuthenticationToken']);
  });
});

describe('control API over HTTP', () => {
  it('adds an event, injects a fault and lists the truth', async () => {
    const call = fetchTrusting(emulator.ca);
    const json = { 'content-type': 'application/json' };
    const added = await call(`${emulator.url}/__control/calendars/cal-alice/events`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(buildEvent({ id: 'AAMkCtl', subject: 'From control' })),
    });
    expect(added.status).toBe(201);
    const fault = await call(`${emulator.url}/__control/faults`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ fault: 'tooManyRequests', times: 1 }),
    });
    expect(fault.status).toBe(201);
    const truth = (await (
      await call(`${emulator.url}/__control/calendars/cal-alice/events`)
    ).json()) as { value: { subject: string }[] };
    expect(truth.value.map((e) => e.subject)).toContain('From control');
    expect(emulator.state.faults()).toHaveLength(1);
  });
});
