/**
 * Reconnecting an Outlook account subscribes its calendars afresh. Before, the OAuth callback of
 * an account already connected subscribed only calendars without an active subscription: after
 * Graph lost them (here the emulator's reset, which forgets subscriptions and grants, as its
 * restart does) and the connection went reauth_required, reconnecting left the old rows active
 * while Graph had none, until the renewal's PATCH met a 404 a day before their end. That renewal
 * replacing a subscription Graph answers 404 for is checked here too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { consentCallbackPath, createUserWithToken } from '../support/colleague-accounts.js';
import type { UserWithToken } from '../support/colleague-accounts.js';
import { microsoftEmulatorEnv } from '../support/discovery-env.js';
import { describeEachDialect } from '../support/databases.js';
import { finishCallbackInject } from '../support/oauth-callback.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const ALICE = 'alice@contoso.test';
const CONNECT = '/api/v1/calendar/providers/outlook/connect/';

describeEachDialect('reconnecting an Outlook account', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let webhook: Server;
  let api: TestApi;
  let alice: UserWithToken;

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: ALICE,
            name: 'Alice',
            calendars: [
              { id: 'cal-alice', name: 'Calendar', isDefaultCalendar: true },
              { id: 'cal-alice-deals', name: 'Deals' },
            ],
          },
        ],
      },
      settings: { notificationRetryDelaysMs: [20], deliveryTimeoutMs: 2_000 },
    });
    webhook = await startValidatingWebhook();
    api = await buildTestApi(
      context().store,
      {
        ...microsoftEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`,
      },
      () => new Date(),
      { microsoftFetch: fetchTrusting(emulator.ca) },
    );
    alice = await createUserWithToken(
      api,
      ALICE,
      'Alice',
      `Contoso reconnect subscriptions ${context().dialect}`,
    );
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => webhook?.close(resolve));
    await emulator?.close();
  });

  async function connect(): Promise<void> {
    const path = await consentCallbackPath(
      api,
      CONNECT,
      bearer(alice.token),
      ALICE,
      fetchTrusting(emulator.ca),
    );
    const answer = await finishCallbackInject(api.server, path);
    expect(answer.statusCode, answer.body).toBe(200);
  }
  /** What the emulator's control API says Graph keeps. */
  async function liveAtGraph(): Promise<string[]> {
    const answer = await fetchTrusting(emulator.ca)(`${emulator.url}/__control/subscriptions`);
    const subscriptions = (await answer.json()) as { id: string; removed?: boolean }[];
    return subscriptions
      .filter((s) => !s.removed)
      .map((s) => s.id)
      .sort();
  }
  const activeRows = async () =>
    (await api.app.store.pushChannels.list(alice.scope, { status: 'active' }))
      .map((c) => c.id)
      .sort();

  it('replaces subscriptions Graph lost while their rows still read active', async () => {
    await connect();
    const before = await activeRows();
    expect(before).toHaveLength(2);
    expect(await liveAtGraph()).toEqual(before);

    const reset = await fetchTrusting(emulator.ca)(`${emulator.url}/__control/reset`, {
      method: 'POST',
    });
    expect(reset.status).toBe(204);
    expect(await liveAtGraph()).toEqual([]);
    const [connection] = await api.app.store.connections.list(alice.scope);
    if (!connection) throw new Error('not connected');
    await api.app.store.connections.updateStatus(
      alice.scope,
      connection.id,
      'reauth_required',
      'invalid_grant',
    );

    await connect();

    expect(await api.app.store.connections.list(alice.scope)).toHaveLength(1);
    const after = await activeRows();
    expect(after).toHaveLength(2);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(await liveAtGraph()).toEqual(after);
    const old = (await api.app.store.pushChannels.list(alice.scope)).filter((c) =>
      before.includes(c.id),
    );
    expect(old.map((c) => c.status)).toEqual(['stopped', 'stopped']);
  });

  it('replaces live subscriptions too, deleting the old ones at Graph', async () => {
    const before = await activeRows();
    expect(before).toHaveLength(2);

    await connect();

    const after = await activeRows();
    expect(after).toHaveLength(2);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(await liveAtGraph()).toEqual(after);
  });

  // Already so before the reconnect fix; kept as its guard: the renewal's PATCH answered 404
  // replaces the subscription at once instead of leaving the calendar on polling.
  it('replaces at the renewal a subscription Graph no longer has', async () => {
    const [lost, kept] = await activeRows();
    if (!lost || !kept) throw new Error('two subscriptions expected');
    // Graph ends it without telling us (its lifecycle message goes to a webhook that drops it).
    emulator.state.lifecycle(lost, 'subscriptionRemoved');
    await emulator.state.deliveriesSettled();
    await api.app.store.pushChannels.setExpiry(alice.scope, lost, new Date(Date.now() + 60_000));

    expect(await api.app.microsoft.subscriptions.renewExpiring()).toEqual({
      renewed: 1,
      failed: 0,
      created: 0,
    });

    const after = await activeRows();
    expect(after).toHaveLength(2);
    expect(after).toContain(kept);
    expect(after).not.toContain(lost);
    expect(await liveAtGraph()).toEqual(after);
  });
});

/** Answers Graph's validation handshake and accepts every notification unread. */
async function startValidatingWebhook(): Promise<Server> {
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://webhook').searchParams.get('validationToken');
    if (token !== null) response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
    else request.resume().on('end', () => response.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
