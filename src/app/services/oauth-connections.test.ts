/**
 * Saving a (re)connected account's calendars: when one turns another person's, or no longer is,
 * the scans the store forgets are taken up by detection, queued here since the calendars' syncs
 * may change nothing; a listing that only fills in what rows listed before 0036 lacked queues none.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import type { RemoteCalendar } from '../../providers/provider.js';
import { OAuthConnections } from './oauth-connections.js';

const GROUP = 'c_ben@group.calendar.google.com';
const group = (accessRole: string): RemoteCalendar => ({
  providerCalendarId: GROUP,
  name: "Ben's deals",
  timeZone: 'UTC',
  isPrimary: false,
  accessRole,
});

describeEachDialect("an OAuth account's calendars saved at connect", (context) => {
  it('queues detection when a calendar is now another person’s, not when its owner role is filled in', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const connection = await store.connections.create(scope, {
      provider: 'google',
      label: 'ana@contoso.test',
      secrets: { tokens: 'sealed' },
      settings: { account: 'ana@contoso.test' },
    });
    // As migration 0036 left it: listed before the role was kept.
    await store.calendars.upsert(scope, connection.id, {
      ...group('owner'),
      accessRole: null,
    });
    const redetected: string[] = [];
    const oauth = new OAuthConnections(
      store,
      'google',
      'Google',
      () => new Date(),
      (org) => {
        redetected.push(org.orgId);
        return Promise.resolve();
      },
    );

    await oauth.saveCalendars(scope, connection.id, [group('owner')]);
    expect(redetected).toEqual([]);

    await oauth.saveCalendars(scope, connection.id, [group('reader')]);
    expect(redetected).toEqual([scope.orgId]);
  });
});
