import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { up } from './0035-redetect-own-calendar-meetings.js';

describeEachDialect(
  'migration 0035: meetings detected again from own calendars only',
  (context) => {
    it("resets every user's meeting scan, so that the next pass reads every event", async () => {
      const { store, database } = context();
      const one = await seedTenant(store, 'redetect-own');
      const never = await seedTenant(store, 'redetect-own-never');
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
  },
);
