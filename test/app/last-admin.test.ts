/**
 * An organisation keeps an admin: two admins demoted at the same moment cannot each count the
 * other and both become members (PostgreSQL runs the two transactions side by side).
 */
import { expect, it } from 'vitest';
import { AdminService } from '../../src/app/services/admin.service.js';
import { describeEachDialect } from '../support/databases.js';

describeEachDialect('the last admin of an organisation', (context) => {
  it('stays admin when two admins are demoted at once', async () => {
    const { store } = context();
    const admin = new AdminService(store, () => Promise.resolve());
    const user = (email: string, orgName: string, role?: 'admin') =>
      admin.createUser({
        email,
        orgName,
        name: null,
        timeZone: null,
        internalDomains: [],
        ...(role ? { role } : {}),
      });
    for (let round = 0; round < 10; round++) {
      const org = `Race ${round} ${Math.random()}`;
      const { organisation } = await user(`a${round}@race.test`, org);
      await user(`b${round}@race.test`, org, 'admin');
      const outcomes = await Promise.allSettled([
        admin.setRole(`a${round}@race.test`, org, 'member'),
        admin.setRole(`b${round}@race.test`, org, 'member'),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const admins = (await store.users.list({ orgId: organisation.id })).filter(
        (u) => u.role === 'admin',
      );
      expect(admins).toHaveLength(1);
    }
  });
});
