import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMicrosoftEmulator, type RunningMicrosoftEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  NOW,
  startReceiver,
  type Receiver,
} from './test-kit.js';

const CAL = 'cal-alice';
const DAY_MS = 86_400_000;

let emulator: RunningMicrosoftEmulator;
let graph: Client;
let receiver: Receiver;
let now = NOW;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    now: () => now,
    seed: buildSeed([buildEvent({ id: 'AAMkOne' })]),
    settings: {
      accessTokenLifetimeSeconds: 30 * 86_400,
      notificationRetryDelaysMs: [5, 10],
      deliveryTimeoutMs: 300,
      validationTimeoutMs: 300,
    },
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  now = NOW;
  emulator.state.reset();
  graph = (await connect(emulator)).graph;
  receiver = await startReceiver();
});

afterEach(async () => {
  await emulator.state.deliveriesSettled();
  await receiver.close();
});

function subscribe(extra: Record<string, unknown> = {}) {
  return graph.api('/subscriptions').post({
    changeType: 'created,updated,deleted',
    notificationUrl: receiver.url,
    lifecycleNotificationUrl: `${receiver.url}?kind=lifecycle`,
    resource: '/me/events',
    expirationDateTime: new Date(NOW.getTime() + 2 * DAY_MS).toISOString(),
    clientState: 'secret-client-state',
    ...extra,
  }) as Promise<Record<string, unknown>>;
}

describe('validation handshake', () => {
  it('POSTs validationToken (text/plain) to both URLs and creates the subscription on an exact echo', async () => {
    const created = await subscribe();
    expect(created).toMatchObject({
      resource: '/me/events',
      changeType: 'created,updated,deleted',
      clientState: 'secret-client-state',
      expirationDateTime: '2026-03-03T00:00:00Z',
      applicationId: emulator.clientId,
    });
    expect(receiver.received).toHaveLength(2);
    for (const request of receiver.received) {
      const token = new URL(request.url, 'http://x').searchParams.get('validationToken');
      expect(token).toMatch(/^Validation: Testing client application reachability/);
      expect(request.headers['content-type']).toMatch(/^text\/plain/);
      expect(request.body).toBe('');
    }
    expect(receiver.received[1]?.url).toContain('kind=lifecycle');
  });

  it.each([
    ['a body other than the token', () => ({ status: 200, type: 'text/plain', body: 'nope' })],
    [
      'JSON instead of text/plain',
      (r: { url: string }) => ({
        status: 200,
        type: 'application/json',
        body: new URL(r.url, 'http://x').searchParams.get('validationToken') ?? '',
      }),
    ],
    ['a 500', () => ({ status: 500 })],
    [
      'no answer in time',
      (r: { url: string }) => ({
        status: 200,
        type: 'text/plain',
        body: new URL(r.url, 'http://x').searchParams.get('validationToken') ?? '',
        delayMs: 1_000,
      }),
    ],
  ])('refuses the subscription on %s', async (_name, answer) => {
    receiver.answers.push(answer);
    const error = await failure(subscribe());
    expect([error.statusCode, error.code]).toEqual([400, 'ValidationError']);
    expect(emulator.state.subscriptions()).toEqual([]);
  });
});

describe('notifications', () => {
  it('POSTs changes with clientState, resource and resourceData, batching changes of one tick', async () => {
    const created = await subscribe();
    receiver.received.length = 0;
    emulator.state.updateEvent(CAL, 'AAMkOne', { subject: 'Renamed' });
    emulator.state.addEvent(CAL, buildEvent({ id: 'AAMkNew' }));
    await emulator.state.deliveriesSettled();
    expect(receiver.received).toHaveLength(1);
    const [user] = emulator.state.users();
    const body = JSON.parse(receiver.received[0]?.body ?? '{}') as {
      value: Record<string, unknown>[];
    };
    expect(receiver.received[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(body.value).toEqual([
      expect.objectContaining({
        subscriptionId: created.id,
        clientState: 'secret-client-state',
        changeType: 'updated',
        resource: `Users/${user?.id}/Events/AAMkOne`,
        tenantId: emulator.tenantId,
        resourceData: expect.objectContaining({
          '@odata.type': '#Microsoft.Graph.Event',
          id: 'AAMkOne',
        }),
      }),
      expect.objectContaining({
        changeType: 'created',
        resource: `Users/${user?.id}/Events/AAMkNew`,
      }),
    ]);
  });

  it('retries a delivery answered 5xx or too slowly, then counts it delivered', async () => {
    await subscribe();
    receiver.answers.push(
      () => ({ status: 503 }),
      () => ({ status: 202, delayMs: 1_000 }),
    );
    emulator.state.deleteEvent(CAL, 'AAMkOne');
    await emulator.state.deliveriesSettled();
    const [delivery] = emulator.state.deliveries();
    expect(delivery?.outcome).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.status ?? 'timeout')).toEqual([503, 'timeout', 202]);
    expect(JSON.parse(receiver.received.at(-1)?.body ?? '{}').value[0].changeType).toBe('deleted');
  });

  it('sends nothing for a changeType not subscribed to, or after the subscription expired', async () => {
    await subscribe({ changeType: 'deleted' });
    emulator.state.updateEvent(CAL, 'AAMkOne', { subject: 'Renamed' });
    await emulator.state.deliveriesSettled();
    now = new Date(NOW.getTime() + 3 * DAY_MS);
    emulator.state.deleteEvent(CAL, 'AAMkOne');
    await emulator.state.deliveriesSettled();
    expect(emulator.state.deliveries()).toEqual([]);
  });
});

describe('lifecycle and renewal', () => {
  it('sends reauthorizationRequired, subscriptionRemoved and missed to the lifecycle URL', async () => {
    const created = await subscribe();
    receiver.received.length = 0;
    const id = String(created.id);
    for (const event of ['reauthorizationRequired', 'missed', 'subscriptionRemoved'] as const) {
      emulator.state.lifecycle(id, event);
      await emulator.state.deliveriesSettled();
    }
    const events = receiver.received.map((r) => {
      expect(r.url).toContain('kind=lifecycle');
      return (JSON.parse(r.body) as { value: Record<string, unknown>[] }).value[0];
    });
    expect(events).toEqual(
      ['reauthorizationRequired', 'missed', 'subscriptionRemoved'].map((lifecycleEvent) =>
        expect.objectContaining({
          subscriptionId: id,
          lifecycleEvent,
          clientState: 'secret-client-state',
          tenantId: emulator.tenantId,
        }),
      ),
    );
    const gone = await failure(graph.api(`/subscriptions/${id}`).get());
    expect(gone.statusCode).toBe(404);
  });

  it('reauthorize answers 200; PATCH renews up to the maximum lifetime and no further', async () => {
    const created = await subscribe();
    const id = String(created.id);
    emulator.state.lifecycle(id, 'reauthorizationRequired');
    await graph.api(`/subscriptions/${id}/reauthorize`).post({});
    const max = new Date(NOW.getTime() + 10_080 * 60_000).toISOString();
    const renewed = (await graph
      .api(`/subscriptions/${id}`)
      .patch({ expirationDateTime: max })) as Record<string, unknown>;
    expect(renewed.expirationDateTime).toBe('2026-03-08T00:00:00Z');
    const tooLong = new Date(NOW.getTime() + 10_081 * 60_000).toISOString();
    const error = await failure(
      graph.api(`/subscriptions/${id}`).patch({ expirationDateTime: tooLong }),
    );
    expect(error.statusCode).toBe(400);
    const creating = await failure(subscribe({ expirationDateTime: tooLong }));
    expect(creating.statusCode).toBe(400);
    await graph.api(`/subscriptions/${id}`).delete();
    expect((await failure(graph.api(`/subscriptions/${id}`).get())).statusCode).toBe(404);
  });
});
