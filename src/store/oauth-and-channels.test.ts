import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describeEachDialect('OAuth states', (context) => {
  it('gives a state back once, to the user who made it, with its verifier', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    await store.oauthStates.create(scope, {
      state: 'state-abc',
      provider: 'google',
      codeVerifier: 'verifier-secret',
      redirectUri: 'http://127.0.0.1:8000/api/calendar/callback/google/',
      expiresAt: later(600_000),
      browserSession: 'session:abc',
    });
    const stored = await database.db.selectFrom('oauth_states').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('state-abc');
    expect(JSON.stringify(stored)).not.toContain('verifier-secret');
    const pending = await store.oauthStates.consume(
      { state: 'state-abc', provider: 'google' },
      NOW,
    );
    expect(pending).toEqual({
      scope,
      provider: 'google',
      codeVerifier: 'verifier-secret',
      redirectUri: 'http://127.0.0.1:8000/api/calendar/callback/google/',
      browserSession: 'session:abc',
    });
    expect(
      await store.oauthStates.consume({ state: 'state-abc', provider: 'google' }, NOW),
    ).toBeNull();
  });

  it('refuses an expired state, an unknown one and one made for another provider', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const input = {
      provider: 'google',
      codeVerifier: 'v',
      redirectUri: 'http://x/',
      expiresAt: later(1000),
    };
    await store.oauthStates.create(scope, { ...input, state: 'expiring' });
    await store.oauthStates.create(scope, { ...input, state: 'google-only' });
    expect(
      await store.oauthStates.consume({ state: 'expiring', provider: 'google' }, later(1000)),
    ).toBeNull();
    expect(
      await store.oauthStates.consume({ state: 'never-made', provider: 'google' }, NOW),
    ).toBeNull();
    expect(
      await store.oauthStates.consume({ state: 'google-only', provider: 'microsoft' }, NOW),
    ).toBeNull();
    expect(
      await store.oauthStates.consume({ state: 'google-only', provider: 'google' }, NOW),
    ).not.toBeNull();
  });
});

describeEachDialect('push channels', (context) => {
  async function seedChannel() {
    const { store } = context();
    const tenant = await seedTenant(store);
    const channel = await store.pushChannels.create(
      tenant.scope,
      {
        id: `chan-${tenant.scope.userId}`,
        provider: 'google',
        connectionId: tenant.connection.id,
        calendarId: tenant.calendar.id,
        resourceId: 'res-1',
        token: 'token-secret',
        expiresAt: later(3_600_000),
      },
      NOW,
    );
    return { ...tenant, channel };
  }

  it('lets exactly one of two workers claim a channel to replace it', async () => {
    const { store } = context();
    const { scope, channel } = await seedChannel();
    const claims = await Promise.all([
      store.pushChannels.claim(scope, channel.id),
      store.pushChannels.claim(scope, channel.id),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.pushChannels.list(scope, { status: 'expired' })).map((c) => c.id)).toEqual([
      channel.id,
    ]);
  });

  it('matches a notification by channel id and token, never by id alone', async () => {
    const { store, database } = context();
    const { channel } = await seedChannel();
    const row = await database.db
      .selectFrom('push_channels')
      .selectAll()
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('token-secret');
    const verified = await store.pushChannels.verify({
      provider: 'google',
      id: channel.id,
      token: 'token-secret',
    });
    expect(verified?.calendarId).toBe(channel.calendarId);
    expect(
      await store.pushChannels.verify({
        provider: 'google',
        id: channel.id,
        token: 'token-secreT',
      }),
    ).toBeNull();
    expect(
      await store.pushChannels.verify({ provider: 'google', id: channel.id, token: '' }),
    ).toBeNull();
    expect(
      await store.pushChannels.verify({ provider: 'google', id: 'other', token: 'token-secret' }),
    ).toBeNull();
    expect(
      await store.pushChannels.verify({
        provider: 'microsoft',
        id: channel.id,
        token: 'token-secret',
      }),
    ).toBeNull();
  });

  it('counts notifications and keeps the highest message number when they arrive out of order', async () => {
    const { store } = context();
    const { scope, channel } = await seedChannel();
    await store.pushChannels.recordNotification(channel.id, 5, NOW);
    await store.pushChannels.recordNotification(channel.id, 3, NOW);
    await store.pushChannels.recordNotification(channel.id, null, NOW);
    const [listed] = await store.pushChannels.list(scope, { calendarId: channel.calendarId });
    expect(listed).toMatchObject({ notifications: 3, lastMessageNumber: 5 });
  });

  it('lists the active channels that expire soon, across tenants, for renewal', async () => {
    const { store } = context();
    const first = await seedChannel();
    const second = await seedChannel();
    await store.pushChannels.setStatus(second.scope, second.channel.id, 'stopped', NOW);
    const expiring = await store.pushChannels.listExpiring('google', later(2 * 3_600_000));
    const ids = expiring.map((c) => c.id);
    expect(ids).toContain(first.channel.id);
    expect(ids).not.toContain(second.channel.id);
    expect(await store.pushChannels.listExpiring('google', NOW)).not.toContainEqual(
      expect.objectContaining({ id: first.channel.id }),
    );
  });

  it('is scoped: another user cannot list or stop a channel', async () => {
    const { store } = context();
    const mine = await seedChannel();
    const other = await seedTenant(store);
    expect(await store.pushChannels.list(other.scope)).toEqual([]);
    await store.pushChannels.setStatus(other.scope, mine.channel.id, 'stopped', NOW);
    const [still] = await store.pushChannels.list(mine.scope);
    expect(still?.status).toBe('active');
  });
});
