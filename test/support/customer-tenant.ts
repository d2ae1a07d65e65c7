/**
 * Detection tests' common ground: a tenant whose CRM knows the buyer at customer.test (so that
 * each `customerMeeting` is a sales meeting), its events stored, and the application's task
 * handlers to run detection with.
 */
import { afterAll, beforeAll } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import type { Store } from '../../src/store/store.js';
import { seedTenant, type StoreContext, type Tenant } from './databases.js';
import { customerMeeting } from './detection-fixtures.js';
import { buildTestApi, TEST_NOW, type TestApi } from './test-app.js';

/**
 * A tenant with Customer (customer.test) and its contact buyer@customer.test in the CRM, and
 * `events` stored in its calendar as one page.
 */
export async function seedCustomerTenant(
  store: Store,
  label: string,
  events: CalendarEvent[],
): Promise<Tenant> {
  const tenant = await seedTenant(store, label);
  const [account] = await store.crm.upsertAccounts(tenant.scope, [
    { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
  ]);
  await store.crm.upsertContacts(tenant.scope, [
    { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
  ]);
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
  return tenant;
}

/** `count` one-hour customer meetings back to back from an hour after TEST_NOW, ids m0, m1… */
export function hourlyCustomerMeetings(count: number): CalendarEvent[] {
  const hour = (n: number) => new Date(TEST_NOW.getTime() + n * 3_600_000).toISOString();
  return Array.from({ length: count }, (_, i) =>
    customerMeeting({ providerEventId: `m${i}`, start: hour(i + 1), end: hour(i + 2) }),
  );
}

/** The application (queue not started) and its task handlers at TEST_NOW, for the suite. */
export function useTaskHandlers(
  context: () => StoreContext,
): () => { api: TestApi; handlers: Map<string, JobHandler> } {
  let built: { api: TestApi; handlers: Map<string, JobHandler> } | undefined;
  beforeAll(async () => {
    const api = await buildTestApi(context().store);
    built = { api, handlers: taskHandlers(api.app, () => TEST_NOW) };
  });
  afterAll(async () => built?.api.close());
  return () => {
    if (!built) throw new Error('the application is built in beforeAll');
    return built;
  };
}
