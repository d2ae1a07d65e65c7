/**
 * A Graph or token call that gets no answer fails as transient instead of holding its sync run
 * forever: the emulator's `slow` fault stands for a hung connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import {
  MicrosoftClient,
  type MicrosoftTokens,
} from '../../src/providers/microsoft/microsoft-client.js';
import { ProviderError } from '../../src/providers/provider.js';
import { REDIRECT_URI, signIn } from './harness.js';

const ALICE = 'alice@contoso.test';
const TIMEOUT_MS = 300;

let emulator: RunningMicrosoftEmulator;
let client: MicrosoftClient;
let tokens: MicrosoftTokens;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    seed: { users: [{ email: ALICE, name: 'Alice Example' }] },
  });
  client = new MicrosoftClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: REDIRECT_URI,
    authorityUrl: emulator.url,
    tenantId: 'common',
    graphApiUrl: emulator.url,
    fetch: fetchTrusting(emulator.ca),
    maxRetries: 0,
    requestTimeoutMs: TIMEOUT_MS,
  });
  ({ tokens } = await signIn(client, emulator, { user: ALICE }));
});

afterAll(async () => emulator?.close());

async function failureOf(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.catch((e: unknown) => e);
  emulator.state.clearFaults();
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Microsoft request timeout', () => {
  it('answers normally in time', async () => {
    expect((await client.listCalendars(tokens)).length).toBeGreaterThan(0);
  });

  it('fails a Graph call that gets no answer as a transient provider error', async () => {
    emulator.state.addFault({
      fault: 'slow',
      delayMs: 20 * TIMEOUT_MS,
      match: { pathIncludes: '/calendars' },
      times: 5,
    });
    expect((await failureOf(client.listCalendars(tokens))).kind).toBe('transient');
  });

  it('bounds the token endpoint too', async () => {
    emulator.state.addFault({
      fault: 'slow',
      delayMs: 20 * TIMEOUT_MS,
      match: { pathIncludes: '/token' },
      times: 5,
    });
    expect((await failureOf(client.refresh(tokens))).kind).toBe('transient');
  });
});
