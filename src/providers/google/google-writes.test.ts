/**
 * Conflict write-back through the official clients against the emulator: declining a meeting
 * and deleting one's own hold need the calendar.events scope, asked for only on request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGoogleEmulator,
  type RunningGoogleEmulator,
} from '../../../emulators/google/server.js';
import { buildEvent, buildSeed, NOW } from '../../../emulators/google/test-kit.js';
import { ProviderError, type ProviderConnection } from '../provider.js';
import { GoogleClient } from './google-client.js';
import { GoogleProvider } from './google-provider.js';
import { tokensToSecrets } from './google-tokens.js';

const CALENDAR = 'alice@example.com';
const REDIRECT = 'http://127.0.0.1:9/callback';

let emulator: RunningGoogleEmulator;
let client: GoogleClient;
let provider: GoogleProvider;

beforeAll(async () => {
  emulator = await startGoogleEmulator({
    now: () => NOW,
    seed: buildSeed([
      buildEvent({
        id: 'demo1',
        summary: 'Demo with Globex',
        organizer: { email: 'buyer@globex.test' },
        attendees: [
          { email: 'buyer@globex.test', responseStatus: 'accepted', organizer: true },
          { email: 'alice@example.com', responseStatus: 'needsAction', self: true },
          { email: 'colleague@example.com', responseStatus: 'accepted' },
        ],
      }),
      buildEvent({ id: 'hold1', summary: 'Hold', organizer: { email: CALENDAR, self: true } }),
    ]),
  });
  client = new GoogleClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: REDIRECT,
    apiUrl: `${emulator.url}/`,
    authorizeUrl: `${emulator.url}/o/oauth2/v2/auth`,
    tokenUrl: `${emulator.url}/token`,
    revokeUrl: `${emulator.url}/revoke`,
  });
  provider = new GoogleProvider(client, { now: () => NOW.getTime() });
});

afterAll(async () => emulator?.close());

/** A connection signed in through the code flow, with or without write access. */
async function connection(writeAccess: boolean): Promise<ProviderConnection> {
  const verifier = randomBytes(32).toString('base64url');
  const url = client.authorizationUrl({
    state: 's',
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    loginHint: 'alice@example.com',
    writeAccess,
  });
  const response = await fetch(url, { redirect: 'manual' });
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokens = await client.exchangeCode(code, verifier);
  return { id: `c-${String(writeAccess)}`, secrets: tokensToSecrets(tokens), settings: {} };
}

const ref = (providerEventId: string) => ({ providerCalendarId: CALENDAR, providerEventId });

describe('Google write-back', () => {
  it('a read-only connection cannot write: canWrite is false and Google answers 403', async () => {
    const readOnly = await connection(false);
    expect(provider.canWrite(readOnly)).toBe(false);
    const error = await provider.deleteEvent(readOnly, ref('hold1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(emulator.state.listTruth(CALENDAR).find((e) => e.id === 'hold1')?.status).toBe(
      'confirmed',
    );
  });

  it('declines for the owner only, leaving every other answer as it was', async () => {
    const writer = await connection(true);
    expect(provider.canWrite(writer)).toBe(true);
    await provider.decline(writer, ref('demo1'), 'Alice@Example.com');
    const demo = emulator.state.listTruth(CALENDAR).find((e) => e.id === 'demo1');
    expect(demo?.attendees?.map((a) => [a.email, a.responseStatus])).toEqual([
      ['buyer@globex.test', 'accepted'],
      ['alice@example.com', 'declined'],
      ['colleague@example.com', 'accepted'],
    ]);
  });

  it('deletes the owner’s hold; deleting it again counts as done', async () => {
    const writer = await connection(true);
    await provider.deleteEvent(writer, ref('hold1'));
    const truth = emulator.state.listTruth(CALENDAR, { showDeleted: true });
    expect(truth.find((e) => e.id === 'hold1')?.status).toBe('cancelled');
    await expect(provider.deleteEvent(writer, ref('hold1'))).resolves.toBeUndefined();
  });
});
