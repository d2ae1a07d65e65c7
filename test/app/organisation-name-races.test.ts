/**
 * Organisation names typed at the command line: two users created at once for "Acme" and "acme"
 * found one organisation, and where older data holds both "Acme" and "acme", a name spelt as
 * neither is refused rather than guessed.
 */
import { expect, it } from 'vitest';
import { AdminService } from '../../src/app/services/admin.service.js';
import type { OpenedDatabase } from '../../src/store/database.js';
import type { Store } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';

const adminOf = (store: Store) => {
  const admin = new AdminService(store, () => Promise.resolve());
  const createUser = (email: string, orgName: string) =>
    admin.createUser({ email, orgName, name: null, timeZone: null, internalDomains: [] });
  return { admin, createUser };
};

/** Before names were compared ignoring case, "acme" beside "Acme" was a second organisation. */
async function legacyTwin(database: OpenedDatabase, name: string) {
  await database.db
    .insertInto('organisations')
    .values({
      id: `legacy-${name}-${Math.random()}`,
      name,
      internal_domains: '[]',
      conflict_policy: '{}',
      created_at: '2030-01-01T00:00:00.000Z',
    })
    .execute();
}

describeEachDialect('organisation names in administration', (context) => {
  it('two users created at once for "Acme" and "acme" share one organisation', async () => {
    const { store } = context();
    const { createUser } = adminOf(store);
    for (let round = 0; round < 10; round++) {
      const name = `Acme ${round} ${Math.random()}`;
      const [first, second] = await Promise.all([
        createUser(`ana${round}@acme.test`, name),
        createUser(`bo${round}@acme.test`, name.toLowerCase()),
      ]);
      expect(second.organisation.id).toBe(first.organisation.id);
      expect([first.user.role, second.user.role].sort()).toEqual(['admin', 'member']);
    }
  });

  it('refuses a name spelt as neither of two legacy organisations', async () => {
    const { store, database } = context();
    const { admin, createUser } = adminOf(store);
    await createUser('ana@globex.test', 'Globex');
    await legacyTwin(database, 'globex');
    const ambiguous =
      'organisation "GLOBEX" is ambiguous: spell it exactly as one of: Globex, globex';
    await expect(createUser('new@globex.test', 'GLOBEX')).rejects.toMatchObject({
      code: 'invalid_input',
      message: ambiguous,
    });
    const joined = await createUser('ana@globex.test', 'globex');
    expect(joined.organisation.name).toBe('globex');
    await expect(admin.resolveUser('ana@globex.test', 'GLOBEX')).rejects.toMatchObject({
      message: ambiguous,
    });
    expect((await admin.resolveUser('ana@globex.test', 'Globex')).orgId).not.toBe(
      joined.organisation.id,
    );
  });
});
