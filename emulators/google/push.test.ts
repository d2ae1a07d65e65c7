import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  NO_RETRY,
  NOW,
  startReceiver,
  type Connected,
  type Receiver,
} from './test-kit.js';

const CAL = 'alice@example.com';
const WEEK_MS = 7 * 86_400_000;

let emulator: RunningGoogleEmulator;
let client: Connected;
let receiver: Receiver;
let now = NOW;

beforeEach(async () => {
  now = NOW;
  emulator = await startGoogleEmulator({
    seed: buildSeed([buildEvent({ id: 'e1' })]),
    now: () => now,
    pushRetryDelaysMs: [5, 10, 20],
    // Clock jumps in these tests must not expire the client's token.
    settings: { accessTokenLifetimeSeconds: 30 * 86_400 },
  });
  client = await connect(emulator);
  receiver = await startReceiver();
});

afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

async function watch(id: string, extra: { token?: string; expiration?: string } = {}) {
  const { data } = await client.api.events.watch({
    calendarId: 'primary',
    requestBody: { id, type: 'web_hook', address: receiver.url, ...extra },
  });
  await emulator.state.deliveriesSettled();
  return data;
}

describe('events.watch', () => {
  it('answers api#channel with a capped expiration and sends `sync` with Google’s headers and no body', async () => {
    const asked = String(NOW.getTime() + 30 * 86_400_000);
    const channel = await watch('chan-1', { token: 'secret-token', expiration: asked });
    const capped = NOW.getTime() + WEEK_MS;
    expect(channel).toMatchObject({
      kind: 'api#channel',
      id: 'chan-1',
      token: 'secret-token',
      expiration: String(capped),
    });
    expect(channel.resourceId).toBeTruthy();
    expect(channel.resourceUri).toContain('/calendar/v3/calendars/primary/events');
    expect(receiver.received).toHaveLength(1);
    const [sync] = receiver.received;
    expect(sync?.method).toBe('POST');
    expect(sync?.body).toBe('');
    expect(sync?.headers).toMatchObject({
      'x-goog-channel-id': 'chan-1',
      'x-goog-message-number': '1',
      'x-goog-resource-id': channel.resourceId,
      'x-goog-resource-state': 'sync',
      'x-goog-resource-uri': channel.resourceUri,
      'x-goog-channel-expiration': new Date(capped).toUTCString(),
      'x-goog-channel-token': 'secret-token',
    });
    expect(sync?.headers['x-goog-channel-expiration']).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
  });

  it('sends `exists` for each change and `not_exists` for a deletion, with growing message numbers', async () => {
    await watch('chan-2');
    emulator.state.addEvent(CAL, buildEvent({ id: 'e2' }));
    emulator.state.updateEvent(CAL, 'e2', { summary: 'again' });
    emulator.state.deleteEvent(CAL, 'e1');
    await emulator.state.deliveriesSettled();
    const states = receiver.received.map((r) => r.headers['x-goog-resource-state']);
    expect(states).toEqual(['sync', 'exists', 'exists', 'not_exists']);
    const numbers = receiver.received.map((r) => Number(r.headers['x-goog-message-number']));
    for (let i = 1; i < numbers.length; i++)
      expect(numbers[i]).toBeGreaterThan(numbers[i - 1] ?? 0);
    expect(receiver.received[1]?.headers['x-goog-channel-token']).toBeUndefined();
  });

  it('does not notify about other calendars', async () => {
    await watch('chan-3');
    emulator.state.addEvent('team@example.com', buildEvent({ id: 'other1' }));
    await emulator.state.deliveriesSettled();
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a receiver’s 503 with backoff until delivered, and drops a message answered 404', async () => {
    await watch('chan-4');
    receiver.answers.push(503, 503, 200);
    emulator.state.addEvent(CAL, buildEvent({ id: 'e2' }));
    await emulator.state.deliveriesSettled();
    receiver.answers.push(404);
    emulator.state.addEvent(CAL, buildEvent({ id: 'e3' }));
    await emulator.state.deliveriesSettled();
    const log = emulator.state.deliveries().map((d) => ({
      state: d.resourceState,
      outcome: d.outcome,
      statuses: d.attempts.map((a) => a.status),
    }));
    expect(log).toEqual([
      { state: 'sync', outcome: 'delivered', statuses: [200] },
      { state: 'exists', outcome: 'delivered', statuses: [503, 503, 200] },
      { state: 'exists', outcome: 'failed', statuses: [404] },
    ]);
  });

  it('gives up after the configured retries', async () => {
    await watch('chan-5');
    receiver.answers.push(500, 502, 504, 503);
    emulator.state.addEvent(CAL, buildEvent({ id: 'e2' }));
    await emulator.state.deliveriesSettled();
    const last = emulator.state.deliveries().at(-1);
    expect(last?.outcome).toBe('failed');
    expect(last?.attempts.map((a) => a.status)).toEqual([500, 502, 504, 503]);
  });

  it('refuses a channel id that is already in use (400)', async () => {
    await watch('chan-6');
    const error = await failure(
      client.api.events.watch(
        { calendarId: CAL, requestBody: { id: 'chan-6', type: 'web_hook', address: receiver.url } },
        NO_RETRY,
      ),
    );
    expect(error.status).toBe(400);
  });

  it('stops sending once the channel has expired', async () => {
    emulator.state.updateSettings({ channelMaxLifetimeMs: 60_000 });
    const channel = await watch('chan-7');
    expect(channel.expiration).toBe(String(NOW.getTime() + 60_000));
    now = new Date(NOW.getTime() + 120_000);
    emulator.state.addEvent(CAL, buildEvent({ id: 'e2' }));
    await emulator.state.deliveriesSettled();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('channels.stop', () => {
  it('ends notifications; stopping again, or an unknown channel, is 404', async () => {
    const channel = await watch('chan-8');
    const stopped = await client.api.channels.stop({
      requestBody: { id: 'chan-8', resourceId: channel.resourceId },
    });
    expect(stopped.status).toBe(204);
    emulator.state.addEvent(CAL, buildEvent({ id: 'e2' }));
    await emulator.state.deliveriesSettled();
    expect(receiver.received).toHaveLength(1);
    const again = await failure(
      client.api.channels.stop(
        { requestBody: { id: 'chan-8', resourceId: channel.resourceId } },
        NO_RETRY,
      ),
    );
    expect(again.status).toBe(404);
    const unknown = await failure(
      client.api.channels.stop({ requestBody: { id: 'nope', resourceId: 'x' } }, NO_RETRY),
    );
    expect(unknown.status).toBe(404);
  });

  it('sends one more notification after stop when told to, as Google may', async () => {
    emulator.state.updateSettings({ notifyAfterStop: true });
    const channel = await watch('chan-9');
    await client.api.channels.stop({
      requestBody: { id: 'chan-9', resourceId: channel.resourceId },
    });
    await emulator.state.deliveriesSettled();
    expect(receiver.received.map((r) => r.headers['x-goog-resource-state'])).toEqual([
      'sync',
      'exists',
    ]);
  });
});
