/**
 * Detection in an organisation with a large CRM, in the embedded shape (SQLite, jobs in the API's
 * process): every query resolves without a turn of the event loop there, so reading and indexing
 * 50,000 accounts at once held every request of the process up for seconds, once per user's job
 * (QA: GET /me of another tenant took 8-10 s after a one-account PUT). The run lets timers and
 * requests in while it indexes the CRM, and reads the CRM once, however many batches it writes;
 * the jobs of an organisation's users that start together share one read.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import type { Store } from '../../src/store/store.js';
import { hourlyCustomerMeetings, seedCustomerTenant } from '../support/customer-tenant.js';
import { openTestStore, seedUser, type Tenant } from '../support/databases.js';
import { historyModels } from '../support/detection-fixtures.js';
import { TEST_NOW } from '../support/test-app.js';

const ACCOUNTS = 6_000;
/** More than one batch of drafts (500) and many turns (every 200 events). */
const EVENTS = 1_200;

let store: Store;
let tenant: Tenant;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestStore('sqlite');
  ({ store } = opened.context);
  cleanup = opened.cleanup;
  tenant = await seedCustomerTenant(store, 'large-crm', hourlyCustomerMeetings(EVENTS));
  await store.crm.upsertAccounts(
    tenant.scope,
    Array.from({ length: ACCOUNTS }, (_, i) => ({
      name: `Other ${i}`,
      domains: [`other${i}.example`],
    })),
  );
}, 60_000);

afterAll(async () => cleanup());

const detector = () => new MeetingDetector(store, historyModels);
const wholeWindow = {
  from: new Date(TEST_NOW.getTime() - 86_400_000),
  to: new Date(TEST_NOW.getTime() + (EVENTS + 2) * 3_600_000),
};

/** Counts the turns of the event loop (setImmediate callbacks) until stopped. */
function countTurns(): { turns: () => number; stop: () => void } {
  let turns = 0;
  let handle = setImmediate(function tick() {
    turns += 1;
    handle = setImmediate(tick);
  });
  return { turns: () => turns, stop: () => clearImmediate(handle) };
}

it('lets the event loop turn while it reads and indexes a large CRM', async () => {
  const order: string[] = [];
  setImmediate(() => order.push('timer'));
  const counter = countTurns();
  const org = await detector().organisation(tenant.scope);
  counter.stop();
  order.push('loaded');
  expect(org.analyser.index.accounts.size).toBe(ACCOUNTS + 1);
  // A timer scheduled as the load began fired before it ended; and not once only: between slices.
  expect(order).toEqual(['timer', 'loaded']);
  expect(counter.turns()).toBeGreaterThanOrEqual(ACCOUNTS / 2_000);
});

/** How many times `run` read each CRM list. */
async function countCrmReads(run: () => Promise<void>) {
  const reads = { accounts: 0, leads: 0, contacts: 0 };
  const crm = store.crm;
  const original = { ...crm };
  crm.listAccounts = (...args) => ((reads.accounts += 1), original.listAccounts(...args));
  crm.listLeads = (...args) => ((reads.leads += 1), original.listLeads(...args));
  crm.listContacts = (...args) => ((reads.contacts += 1), original.listContacts(...args));
  try {
    await run();
  } finally {
    Object.assign(crm, original);
  }
  return reads;
}

it('reads the CRM once per run, whatever the number of batches', async () => {
  const reads = await countCrmReads(async () => {
    const summary = await detector().detectRange(tenant.scope, wholeWindow);
    expect(summary).toMatchObject({ analysed: EVENTS, salesMeetings: EVENTS });
  });
  expect(reads).toEqual({ accounts: 1, leads: 1, contacts: 1 });
});

it("reads the CRM once for the users' jobs that start together, as a CRM write queues them", async () => {
  const { orgId } = tenant.scope;
  const colleagues = await Promise.all(
    ['one', 'two'].map((name) => seedUser(store, orgId, `${name}-large-crm@acme.test`)),
  );
  const shared = detector();
  const reads = await countCrmReads(async () => {
    await Promise.all(
      [tenant, ...colleagues].map((user) =>
        shared.stoppedBy(new AbortController().signal).detectRange(user.scope, wholeWindow),
      ),
    );
  });
  expect(reads).toEqual({ accounts: 1, leads: 1, contacts: 1 });
});

it("reads the CRM anew for who asks once a load's reads have begun", async () => {
  const shared = detector();
  const first = shared.organisation(tenant.scope);
  await nextTurn();
  // The first load has read the accounts; a write now is for the next load to see.
  await store.crm.upsertAccounts(tenant.scope, [{ name: 'Late', domains: ['late.example'] }]);
  const second = shared.organisation(tenant.scope);
  expect((await first).analyser.index.accountsByDomain.has('late.example')).toBe(false);
  expect((await second).analyser.index.accountsByDomain.has('late.example')).toBe(true);
});
