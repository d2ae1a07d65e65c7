import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { down, up } from './0032-stage-change-reason-parts.js';

describeEachDialect('migration 0032: stage changes with their reasons in parts', (context) => {
  it('a change recorded before keeps its words and has no parts', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store, 'migration-0032');
    const org = { orgId: scope.orgId };
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await database.db
      .insertInto('relationship_stage_changes')
      // The table as it was before 0032: no reason_parts column to write.
      .values({
        id: 'before-0032',
        org_id: org.orgId,
        account_key: 'domain:customer.test',
        from_stage: null,
        to_stage: 'new',
        reasons: JSON.stringify(['first sales meeting on 2026-03-01']),
        changed_at: '2026-03-01T12:00:00.000Z',
      } as never)
      .execute();
    await up(db);
    expect(await store.relationships.stageChanges(org, 'domain:customer.test')).toEqual([
      {
        fromStage: null,
        toStage: 'new',
        reasons: ['first sales meeting on 2026-03-01'],
        reasonParts: null,
        changedAt: '2026-03-01T12:00:00.000Z',
      },
    ]);
  });
});
