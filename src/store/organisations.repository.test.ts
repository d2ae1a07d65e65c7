import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/databases.js';
import { AppError } from '../domain/errors.js';

describeEachDialect('organisations repository', (context) => {
  it('finds an organisation by its name ignoring case and surrounding spaces', async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'Wayne Énergie' });
    for (const typed of ['wayne énergie', '  WAYNE ÉNERGIE ', 'Wayne Énergie'])
      expect((await store.organisations.findByName(typed))?.id).toBe(org.id);
    expect(await store.organisations.findByName('Wayne')).toBeUndefined();
  });

  it('refuses a new organisation whose name differs from one only by case or spaces', async () => {
    const { store } = context();
    await store.organisations.create({ name: 'Initech' });
    const refused = store.organisations.create({ name: ' initech ' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('"Initech" already exists') as unknown,
    });
    const ids = await store.organisations.ids();
    const names = await Promise.all(
      ids.map(async (orgId) => (await store.organisations.get({ orgId }))?.name),
    );
    expect(names.filter((n) => n?.toLowerCase().includes('initech'))).toEqual(['Initech']);
  });

  it('stores a name without its surrounding spaces', async () => {
    const { store } = context();
    expect((await store.organisations.create({ name: '  Hooli ' })).name).toBe('Hooli');
  });

  it('prefers the exact spelling where older data holds two such names, else refuses', async () => {
    const { store, database } = context();
    const older = await store.organisations.create({ name: 'Umbrella' });
    // Before the rule, `users create --org umbrella` made a second one: written here directly.
    await database.db
      .insertInto('organisations')
      .values({
        id: 'legacy-umbrella',
        name: 'umbrella',
        internal_domains: '[]',
        conflict_policy: '{}',
        created_at: '2030-01-01T00:00:00.000Z',
      })
      .execute();
    expect((await store.organisations.findByName('umbrella'))?.id).toBe('legacy-umbrella');
    expect((await store.organisations.findByName(' Umbrella '))?.id).toBe(older.id);
    await expect(store.organisations.findByName('UMBRELLA')).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        'organisation "UMBRELLA" is ambiguous: spell it exactly as one of: Umbrella, umbrella',
    });
  });

  it('creates one organisation when two names that differ by case are created at once', async () => {
    const { store } = context();
    for (let round = 0; round < 10; round++) {
      const name = `Stark ${round} ${Math.random()}`;
      const outcomes = await Promise.allSettled([
        store.organisations.create({ name }),
        store.organisations.create({ name: name.toUpperCase() }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = outcomes.find((o) => o.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ code: 'conflict' });
      const ids = await store.organisations.ids();
      const names = await Promise.all(
        ids.map(async (orgId) => (await store.organisations.get({ orgId }))?.name),
      );
      expect(names.filter((n) => n?.toLowerCase() === name.toLowerCase())).toHaveLength(1);
    }
  });
});
