/**
 * A Google call that gets no answer fails as transient instead of holding its sync run forever:
 * the emulator's `slow` fault stands for a hung connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGoogleEmulator,
  type RunningGoogleEmulator,
} from '../../../emulators/google/server.js';
import {
  REDIRECT_URI,
  authorize,
  buildEvent,
  buildSeed,
  oauthClient,
} from '../../../emulators/google/test-kit.js';
import { ProviderError } from '../provider.js';
import { GoogleClient, type GoogleTokens } from './google-client.js';

const CALENDAR = 'alice@example.com';
const TIMEOUT_MS = 300;

let emulator: RunningGoogleEmulator;
let client: GoogleClient;
let tokens: GoogleTokens;

beforeAll(async () => {
  emulator = await startGoogleEmulator({ seed: buildSeed([buildEvent({ id: 'e1' })]) });
  client = new GoogleClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: REDIRECT_URI,
    apiUrl: `${emulator.url}/`,
    authorizeUrl: `${emulator.url}/o/oauth2/v2/auth`,
    tokenUrl: `${emulator.url}/token`,
    revokeUrl: `${emulator.url}/revoke`,
    requestTimeoutMs: TIMEOUT_MS,
  });
  const { code, codeVerifier } = await authorize(oauthClient(emulator), { loginHint: CALENDAR });
  tokens = await client.exchangeCode(code, codeVerifier);
});

afterAll(async () => emulator?.close());

describe('Google request timeout', () => {
  it('lists normally when the answer comes in time', async () => {
    const page = await client.listEvents(tokens, { calendarId: CALENDAR, maxResults: 10 });
    expect(page.items?.map((e) => e.id)).toEqual(['e1']);
  });

  it('fails an events.list that gets no answer as a transient provider error', async () => {
    // Every attempt (gaxios retries a request that got no response) hangs far past the bound.
    emulator.state.addFault({ fault: 'slow', delayMs: 20 * TIMEOUT_MS, times: 10 });
    const error = await client
      .listEvents(tokens, { calendarId: CALENDAR, maxResults: 10 })
      .catch((e: unknown) => e);
    emulator.state.clearFaults();
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('transient');
  });

  it('bounds the token endpoint too', async () => {
    emulator.state.addFault({
      fault: 'slow',
      delayMs: 20 * TIMEOUT_MS,
      match: { pathIncludes: '/token' },
      times: 10,
    });
    const error = await client.refresh(tokens).catch((e: unknown) => e);
    emulator.state.clearFaults();
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('transient');
  });
});
