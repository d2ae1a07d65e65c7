/**
 * The set-up most Google tests share: a Google emulator with a seed, the app built against it, and
 * a calintel user (of a new organisation) with an API token, whose Google account is the seed's.
 * Connecting the account is left to the test, since many tests change Google before they do.
 */
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleSeed } from '../../emulators/google/types.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Store } from '../../src/store/store.js';
import { googleEmulatorEnv } from './google-env.js';
import { freePort } from './ports.js';
import { buildTestApi, type TestApi } from './test-app.js';

export interface GoogleAccountSetup {
  seed: GoogleSeed;
  /** The user's email, which is also the Google account's. Its domain is the org's internal one. */
  email: string;
  name: string;
  /** Unique per suite and dialect: each suite makes its own organisation in a shared store. */
  orgName: string;
  /** The emulator's delays between attempts to deliver a push message. */
  pushRetryDelaysMs?: number[];
  /**
   * Listen on a free port and give it as the public URL, so that Google's push messages reach
   * the webhook. Otherwise the public URL is one nobody listens at, and the messages fail.
   */
  listen?: boolean;
  /** Run the job queue's handlers, for tests whose syncs are queued rather than run by hand. */
  startQueue?: boolean;
}

export interface GoogleAccount {
  emulator: RunningGoogleEmulator;
  api: TestApi;
  scope: { orgId: string; userId: string };
  /** The user's API token. */
  token: string;
}

export async function startGoogleAccount(
  store: Store,
  setup: GoogleAccountSetup,
): Promise<GoogleAccount> {
  const emulator = await startGoogleEmulator({
    seed: setup.seed,
    ...(setup.pushRetryDelaysMs ? { pushRetryDelaysMs: setup.pushRetryDelaysMs } : {}),
  });
  try {
    const api = await buildListeningApi(store, emulator, setup.listen ?? false);
    if (setup.startQueue) api.app.queue.start(taskHandlers(api.app));
    const created = await api.app.admin.createUser({
      email: setup.email,
      orgName: setup.orgName,
      name: setup.name,
      timeZone: 'UTC',
      internalDomains: [setup.email.slice(setup.email.indexOf('@') + 1)],
    });
    const scope = { orgId: created.organisation.id, userId: created.user.id };
    const token = (await api.app.store.apiTokens.create(scope, 'test')).token;
    return { emulator, api, scope, token };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

async function buildListeningApi(
  store: Store,
  emulator: RunningGoogleEmulator,
  listen: boolean,
): Promise<TestApi> {
  // Port 9 (discard): nothing listens there.
  const port = listen ? await freePort() : 9;
  const api = await buildTestApi(
    store,
    { ...googleEmulatorEnv(emulator), CALINTEL_PUBLIC_URL: `http://127.0.0.1:${port}` },
    () => new Date(),
  );
  if (listen) await api.server.listen({ port, host: '127.0.0.1' });
  return api;
}
