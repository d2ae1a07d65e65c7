import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant, type Tenant } from '../../test/support/databases.js';
import { LiveChannelExists, type NewPushChannel } from './push-channels.repository.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

describeEachDialect('exclusive push channels', (context) => {
  const input = (tenant: Tenant, id: string, extra: Partial<NewPushChannel> = {}) => ({
    id,
    provider: 'google',
    connectionId: tenant.connection.id,
    calendarId: tenant.calendar.id,
    resourceId: '',
    token: `token-${id}`,
    expiresAt: null,
    status: 'pending' as const,
    exclusive: {},
    ...extra,
  });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'stored',
      (error: unknown) => (error instanceof LiveChannelExists ? 'refused' : error),
    );

  it('of openers racing for one calendar, exactly one stores its channel', async () => {
    const { store } = context();
    const tenant = await seedTenant(store);
    const other = await seedTenant(store);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        outcome(store.pushChannels.create(tenant.scope, input(tenant, `race-${i}`), NOW)),
      ),
      outcome(store.pushChannels.create(other.scope, input(other, 'elsewhere'), NOW)),
    ]);
    expect(results.slice(0, 6).sort()).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'stored',
    ]);
    // Another calendar is not held up by this one's channel.
    expect(results[6]).toBe('stored');
    expect(await store.pushChannels.list(tenant.scope)).toHaveLength(1);
  });

  it('an active channel also refuses a second; a replacement passes beside the one it names', async () => {
    const { store } = context();
    const tenant = await seedTenant(store);
    await store.pushChannels.create(tenant.scope, input(tenant, 'old', { status: 'active' }), NOW);
    const refusal = await store.pushChannels
      .create(tenant.scope, input(tenant, 'second'), NOW)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LiveChannelExists);
    expect((refusal as LiveChannelExists).live).toEqual({ id: 'old', status: 'active' });

    await store.pushChannels.create(
      tenant.scope,
      input(tenant, 'new', { exclusive: { replaces: 'old' } }),
      NOW,
    );
    // A second replacement of the same channel finds the first one's, pending.
    const again = await store.pushChannels
      .create(tenant.scope, input(tenant, 'newer', { exclusive: { replaces: 'old' } }), NOW)
      .catch((error: unknown) => error);
    expect((again as LiveChannelExists).live).toEqual({ id: 'new', status: 'pending' });

    // A stopped or expired channel does not count.
    await store.pushChannels.setStatus(tenant.scope, 'old', 'stopped', NOW);
    await store.pushChannels.delete(tenant.scope, 'new');
    await store.pushChannels.create(tenant.scope, input(tenant, 'fresh'), NOW);
  });

  it('deletes only a channel still pending', async () => {
    const { store } = context();
    const tenant = await seedTenant(store);
    await store.pushChannels.create(tenant.scope, input(tenant, 'opening'), NOW);
    expect(
      await store.pushChannels.complete(tenant.scope, 'opening', {
        resourceId: 'r',
        expiresAt: null,
      }),
    ).toBe(true);
    expect(await store.pushChannels.delete(tenant.scope, 'opening')).toBe(false);
    expect((await store.pushChannels.list(tenant.scope)).map((c) => c.status)).toEqual(['active']);
    await store.pushChannels.setStatus(tenant.scope, 'opening', 'expired', NOW);
    await store.pushChannels.create(tenant.scope, input(tenant, 'later'), NOW);
    expect(await store.pushChannels.delete(tenant.scope, 'later')).toBe(true);
    expect((await store.pushChannels.list(tenant.scope)).map((c) => c.id)).toEqual(['opening']);
  });
});
