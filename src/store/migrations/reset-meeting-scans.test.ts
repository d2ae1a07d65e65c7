import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import * as redetectMeetings from './0033-redetect-meetings.js';
import * as redetectOwnCalendarMeetings from './0035-redetect-own-calendar-meetings.js';

const RESETTING_MIGRATIONS = [
  { title: 'migration 0033: meetings detected again', label: 'redetect', ...redetectMeetings },
  {
    title: 'migration 0035: meetings detected again from own calendars only',
    label: 'redetect-own',
    ...redetectOwnCalendarMeetings,
  },
];

for (const { title, label, up } of RESETTING_MIGRATIONS) {
  describeEachDialect(title, (context) => {
    it("resets every user's meeting scan, so that the next pass reads every event", async () => {
      const { store, database } = context();
      const one = await seedTenant(store, label);
      const never = await seedTenant(store, `${label}-never`);
      await store.meetings.saveScan(one.scope, { cursor: 'c-42', modelVersion: 'v7' }, undefined);
      const before = await store.meetings.scan(one.scope);

      await up(database.db as unknown as Kysely<unknown>);

      expect(await store.meetings.scan(one.scope)).toEqual({
        cursor: null,
        epoch: 1,
        modelVersion: null,
      });
      // A job that read the scan before the migration cannot move it on past the reset.
      expect(
        await store.meetings.saveScan(one.scope, { cursor: 'c-43', modelVersion: 'v7' }, before),
      ).toBe(false);
      expect(await store.meetings.scan(never.scope)).toBeUndefined();
    });
  });
}
