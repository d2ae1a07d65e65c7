/**
 * The Microsoft token endpoint throttles with 429 and Retry-After, and sheds load with 503
 * (contract §2.5). MSAL's ServerError carries neither the status nor the headers; the answer as
 * the project's MSAL network client saw it does, so a refresh refused that way is `rate_limit`
 * with Graph's wait, not passing trouble retried at once. Through MSAL against the emulator.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import type { MicrosoftTokens } from '../../src/providers/microsoft/microsoft-sign-in.js';
import { ProviderError } from '../../src/providers/provider.js';
import { clientFor, signIn } from './harness.js';

const ALICE = 'alice@contoso.test';
const TOKEN = '/oauth2/v2.0/token';

let emulator: RunningMicrosoftEmulator;
let tokens: MicrosoftTokens;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    now: () => new Date('2026-03-01T00:00:00Z'),
    seed: {
      users: [
        {
          email: ALICE,
          name: 'Alice Example',
          calendars: [{ id: 'cal-alice', name: 'Calendar', isDefaultCalendar: true }],
        },
      ],
    },
  });
  ({ tokens } = await signIn(clientFor(emulator), emulator, { user: ALICE }));
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.state.clearFaults();
});

const refusal = async (promise: Promise<unknown>): Promise<ProviderError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${error}`);
  return error;
};

it('a 429 from the token endpoint is rate_limit with its Retry-After', async () => {
  emulator.state.addFault({
    fault: 'tooManyRequests',
    match: { method: 'POST', pathIncludes: TOKEN },
    times: 1,
    retryAfterSeconds: 120,
  });
  const error = await refusal(clientFor(emulator).refresh(tokens));
  expect([error.kind, error.retryAfterMs]).toEqual(['rate_limit', 120_000]);
  expect(error.message).toMatch(/answered 429 temporarily_unavailable/);
  // Once the fault has passed, the same tokens refresh.
  await expect(clientFor(emulator).refresh(tokens)).resolves.toMatchObject({
    homeAccountId: tokens.homeAccountId,
  });
});

it('a 503 from the token endpoint with Retry-After is rate_limit, as from Graph', async () => {
  emulator.state.addFault({
    fault: 'serviceUnavailable',
    match: { method: 'POST', pathIncludes: TOKEN },
    times: 1,
    retryAfterSeconds: 9,
  });
  const error = await refusal(clientFor(emulator).refresh(tokens));
  expect([error.kind, error.retryAfterMs]).toEqual(['rate_limit', 9_000]);
  expect(error.message).toMatch(/answered 503/);
});

it('a refused grant (400 invalid_grant) stays auth, retried by nothing', async () => {
  emulator.state.setGrantTrouble(ALICE, 'revoked');
  try {
    const error = await refusal(clientFor(emulator).refresh(tokens));
    expect(error.kind).toBe('auth');
    expect(error.retryAfterMs).toBeNull();
  } finally {
    emulator.state.setGrantTrouble(ALICE, null);
  }
});
