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
import type { GoogleSeed } from '../../../emulators/google/types.js';
import { ProviderError, WriteRefused, type ProviderConnection } from '../provider.js';
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
    seed: withSharedCalendar(
      buildSeed([
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
        buildEvent({
          id: 'alias1',
          summary: 'Sent to an alias',
          organizer: { email: 'buyer@globex.test' },
          attendees: [
            { email: 'buyer@globex.test', responseStatus: 'accepted', organizer: true },
            { email: 'alice.smith@example.org', responseStatus: 'needsAction', self: true },
          ],
        }),
        buildEvent({ id: 'hold1', summary: 'Hold', organizer: { email: CALENDAR, self: true } }),
        buildEvent({ id: 'hold2', summary: 'Focus', organizer: { email: CALENDAR, self: true } }),
        buildEvent({
          id: 'party1',
          summary: 'Party Alice was not invited to',
          organizer: { email: 'bob@example.com' },
          attendees: [{ email: 'bob@example.com', responseStatus: 'accepted', organizer: true }],
        }),
      ]),
    ),
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

const ref = (providerEventId: string, providerCalendarId = CALENDAR) => ({
  providerCalendarId,
  providerEventId,
});
const ALICE = { account: 'alice@example.com' };
const SHARED = 'carol@example.com';

/** Carol's calendar, shared with Alice with write access: her meeting, which Alice attends too. */
function withSharedCalendar(seed: GoogleSeed): GoogleSeed {
  seed.users[0]?.calendars?.push({
    id: SHARED,
    summary: 'Carol',
    timeZone: 'UTC',
    accessRole: 'writer',
    events: [
      buildEvent({
        id: 'carol1',
        summary: 'Planning',
        organizer: { email: 'dave@example.com' },
        attendees: [
          { email: 'dave@example.com', responseStatus: 'accepted', organizer: true },
          { email: SHARED, responseStatus: 'accepted', self: true },
          { email: 'alice@example.com', responseStatus: 'accepted' },
        ],
      }),
      buildEvent({ id: 'carolhold', summary: 'Hold', organizer: { email: 'alice@example.com' } }),
    ],
  });
  return seed;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('Google write-back', () => {
  it('a read-only connection cannot write: canWrite is false and Google answers 403', async () => {
    const readOnly = await connection(false);
    expect(provider.canWrite(readOnly)).toBe(false);
    const error = await provider
      .deleteEvent(readOnly, ref('hold1'), ALICE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(emulator.state.listTruth(CALENDAR).find((e) => e.id === 'hold1')?.status).toBe(
      'confirmed',
    );
  });

  it("declines the owner's own entry on the primary calendar when the invitation went to an alias", async () => {
    // Before, it was refused: the alias is not the account's address.
    const writer = await connection(true);
    await provider.decline(writer, ref('alias1'), ALICE);
    const event = emulator.state.listTruth(CALENDAR).find((e) => e.id === 'alias1');
    expect(event?.attendees?.map((a) => [a.email, a.responseStatus])).toEqual([
      ['buyer@globex.test', 'accepted'],
      ['alice.smith@example.org', 'declined'],
    ]);
  });

  it('declines for the owner only, leaving every other answer as it was', async () => {
    const writer = await connection(true);
    expect(provider.canWrite(writer)).toBe(true);
    await provider.decline(writer, ref('demo1'), { account: 'Alice@Example.com' });
    const demo = emulator.state.listTruth(CALENDAR).find((e) => e.id === 'demo1');
    expect(demo?.attendees?.map((a) => [a.email, a.responseStatus])).toEqual([
      ['buyer@globex.test', 'accepted'],
      ['alice@example.com', 'declined'],
      ['colleague@example.com', 'accepted'],
    ]);
  });

  it('deletes the owner’s hold; deleting it again counts as done', async () => {
    const writer = await connection(true);
    await provider.deleteEvent(writer, ref('hold1'), ALICE);
    const truth = emulator.state.listTruth(CALENDAR, { showDeleted: true });
    expect(truth.find((e) => e.id === 'hold1')?.status).toBe('cancelled');
    await expect(provider.deleteEvent(writer, ref('hold1'), ALICE)).resolves.toBeUndefined();
  });

  it('deletes a hold only as Google has it now: not once it has guests, nor once it moved', async () => {
    const writer = await connection(true);
    const expected = {
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T10:00:00.000Z',
      allDay: false,
      startDate: null,
      endDate: null,
    };
    emulator.state.updateEvent(CALENDAR, 'hold2', {
      attendees: [
        { email: CALENDAR, self: true, organizer: true, responseStatus: 'accepted' },
        { email: 'cfo@globex.test', responseStatus: 'needsAction' },
      ],
    });
    const invited = await refusal(
      provider.deleteEvent(writer, ref('hold2'), { ...ALICE, expected }),
    );
    expect(invited).toMatchObject({ reason: 'changed' });
    expect((invited as Error).message).toMatch(/other attendees \(cfo@globex.test\)/);
    emulator.state.updateEvent(CALENDAR, 'hold2', {
      attendees: null,
      start: { dateTime: '2026-03-02T11:00:00Z' },
      end: { dateTime: '2026-03-02T12:00:00Z' },
    });
    const moved = await refusal(provider.deleteEvent(writer, ref('hold2'), { ...ALICE, expected }));
    expect(moved).toMatchObject({ reason: 'changed' });
    expect((moved as Error).message).toMatch(/moved/);
    expect(emulator.state.listTruth(CALENDAR).find((e) => e.id === 'hold2')?.status).toBe(
      'confirmed',
    );
    const now = { ...expected, start: '2026-03-02T11:00:00.000Z', end: '2026-03-02T12:00:00.000Z' };
    await provider.deleteEvent(writer, ref('hold2'), { ...ALICE, expected: now });
    expect(
      emulator.state.listTruth(CALENDAR, { showDeleted: true }).find((e) => e.id === 'hold2')
        ?.status,
    ).toBe('cancelled');
  });

  it('writes nothing on a calendar shared with the account, whoever Google marks as self there', async () => {
    const writer = await connection(true);
    const declined = await refusal(provider.decline(writer, ref('carol1', SHARED), ALICE));
    expect(declined).toBeInstanceOf(WriteRefused);
    expect(declined).toMatchObject({ reason: 'not_owner' });
    expect((declined as Error).message).toMatch(/shared with them as writer/);
    const deleted = await refusal(provider.deleteEvent(writer, ref('carolhold', SHARED), ALICE));
    expect(deleted).toMatchObject({ reason: 'not_owner' });
    const truth = emulator.state.listTruth(SHARED, { showDeleted: true });
    expect(truth.find((e) => e.id === 'carol1')?.attendees?.map((a) => a.responseStatus)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(truth.find((e) => e.id === 'carolhold')?.status).toBe('confirmed');
  });

  it('refuses to decline a meeting the account is not invited to, or to delete one it does not organise', async () => {
    const writer = await connection(true);
    const declined = await refusal(provider.decline(writer, ref('party1'), ALICE));
    expect(declined).toMatchObject({ reason: 'not_attendee' });
    expect((declined as Error).message).toMatch(/alice@example.com is not invited/);
    const deleted = await refusal(provider.deleteEvent(writer, ref('party1'), ALICE));
    expect(deleted).toMatchObject({ reason: 'not_owner' });
    const party = emulator.state.listTruth(CALENDAR).find((e) => e.id === 'party1');
    expect(party?.status).toBe('confirmed');
    expect(party?.attendees?.map((a) => a.responseStatus)).toEqual(['accepted']);
  });
});
