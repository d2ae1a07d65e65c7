/**
 * The Outlook webhook is open to anyone, and every entry it verifies costs a database lookup: its
 * body has a limit of its own (2 MiB, not the API's 20 MB), a batch holds at most
 * MAX_NOTIFICATIONS_PER_BATCH entries (413 past it, before any lookup), and a subscription
 * repeated in a batch is looked up, and acted on, once. A batch mixing genuine and refused entries
 * is acted on for the genuine ones (202), and its refused entries are counted as rejected.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { MAX_NOTIFICATIONS_PER_BATCH } from '../../src/app/services/microsoft-notifications.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const WEBHOOK = '/api/v1/calendar/webhook/outlook/';

describeEachDialect('Outlook webhook batches', (context) => {
  let api: TestApi;
  let tenant: Tenant;
  let subscriptionId: string;
  const clientState = 'the-client-state';

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    tenant = await seedTenant(context().store, 'outlook batches');
    subscriptionId = randomUUID();
    await context().store.pushChannels.create(tenant.scope, {
      id: subscriptionId,
      provider: 'microsoft',
      connectionId: tenant.connection.id,
      calendarId: tenant.calendar.id,
      resourceId: subscriptionId,
      token: clientState,
      expiresAt: null,
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => api?.close());

  const entry = (id: string, state: string | null) => ({
    subscriptionId: id,
    clientState: state,
    changeType: 'updated',
    resource: 'Users/u/Events/AAMkA',
    tenantId: 't',
  });
  const notify = (value: unknown[]) =>
    api.server.inject({ method: 'POST', url: WEBHOOK, payload: { value } });
  const lookups = () => vi.spyOn(context().store.pushChannels, 'verify');
  const counted = async (outcome: 'accepted' | 'ignored' | 'rejected') =>
    (await api.app.metrics.pushNotifications.get()).values.find(
      (v) => v.labels.provider === 'microsoft' && v.labels.outcome === outcome,
    )?.value ?? 0;
  const rejectedCount = () => counted('rejected');

  it('refuses a batch of more entries than the cap with a 413 in the error shape, looking none up', async () => {
    const verify = lookups();
    const before = await rejectedCount();
    const response = await notify(
      Array.from({ length: MAX_NOTIFICATIONS_PER_BATCH + 1 }, (_, i) => entry(`forged-${i}`, 'x')),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: expect.stringContaining(String(MAX_NOTIFICATIONS_PER_BATCH)),
      },
    });
    expect(verify).not.toHaveBeenCalled();
    expect(await rejectedCount()).toBe(before + 1);
  });

  it('reads a batch of exactly the cap', async () => {
    const response = await notify(
      Array.from({ length: MAX_NOTIFICATIONS_PER_BATCH }, (_, i) => entry(`forged-${i}`, 'x')),
    );
    expect(response.statusCode).toBe(401);
  });

  it('refuses a body over its own limit (2 MiB), below the API-wide one, in the error shape', async () => {
    const verify = lookups();
    const padding = 'x'.repeat(2 * 1024 * 1024);
    const response = await api.server.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ value: [{ ...entry('forged', 'x'), resource: padding }] }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.any(String) },
    });
    expect(verify).not.toHaveBeenCalled();
  });

  it('looks up each subscription once, however often a batch repeats it', async () => {
    const verify = lookups();
    const response = await notify(
      Array.from({ length: MAX_NOTIFICATIONS_PER_BATCH }, () => entry('forged', 'x')),
    );
    expect(response.statusCode).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('acts once on a genuine subscription repeated beside a forged one, and counts every entry', async () => {
    const verify = lookups();
    const queued = vi.spyOn(api.app.sync, 'queueCalendar');
    const [before] = await context().store.pushChannels.list(tenant.scope);
    const response = await notify([
      ...Array.from({ length: 20 }, () => entry(subscriptionId, clientState)),
      ...Array.from({ length: 20 }, () => entry(subscriptionId, 'forged')),
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ outcome: 'accepted', reason: 'acted on 20 notification(s)' });
    // One lookup for the genuine pair, one for the forged clientState.
    expect(verify).toHaveBeenCalledTimes(2);
    expect(queued).toHaveBeenCalledTimes(1);
    expect(queued).toHaveBeenCalledWith(tenant.scope, tenant.calendar.id);
    const [after] = await context().store.pushChannels.list(tenant.scope);
    expect(after?.notifications).toBe((before?.notifications ?? 0) + 20);
  });

  it('acts on the genuine entries of a mixed batch (202) and counts each refused one as rejected', async () => {
    const [accepted, rejected] = [await counted('accepted'), await rejectedCount()];
    const response = await notify([
      entry(subscriptionId, 'wrong-client-state'),
      entry(subscriptionId, clientState),
      entry('unknown-subscription', clientState),
      entry(subscriptionId, null),
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ outcome: 'accepted', reason: 'acted on 1 notification(s)' });
    expect(await counted('accepted')).toBe(accepted + 1);
    expect(await rejectedCount()).toBe(rejected + 3);
  });

  it('refuses a batch in which no entry is genuine (401), counting each entry as rejected', async () => {
    const rejected = await rejectedCount();
    const response = await notify([
      entry(subscriptionId, 'wrong-client-state'),
      entry('unknown-subscription', clientState),
    ]);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    expect(await rejectedCount()).toBe(rejected + 2);
  });
});
