/**
 * Test helpers: seeds built from small builders, and official clients (@googleapis/calendar,
 * google-auth-library) connected to an emulator through the real OAuth code flow with PKCE.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import type { RunningGoogleEmulator } from './server.js';
import type { GoogleEventInput, GoogleSeed } from './types.js';

export const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';

export function oauthClient(
  emulator: RunningGoogleEmulator,
  secret = emulator.clientSecret,
): OAuth2Client {
  return new OAuth2Client({
    clientId: emulator.clientId,
    clientSecret: secret,
    redirectUri: REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: `${emulator.url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${emulator.url}/token`,
      oauth2RevokeUrl: `${emulator.url}/revoke`,
    },
  });
}

/** Follows the authorize URL without a browser: the emulator redirects with a code. */
export async function authorize(
  client: OAuth2Client,
  options: { loginHint?: string; offline?: boolean } = {},
): Promise<{ code: string; codeVerifier: string; state: string | null; location: URL }> {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: options.offline === false ? 'online' : 'offline',
    scope: [CALENDAR_SCOPE],
    state: 'xyz-state',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256' as never,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  const location = new URL(response.headers.get('location') ?? '');
  return {
    code: location.searchParams.get('code') ?? '',
    codeVerifier,
    state: location.searchParams.get('state'),
    location,
  };
}

export interface Connected {
  oauth: OAuth2Client;
  api: calendar_v3.Calendar;
}

/** A Calendar client for a seeded user, signed in through the code flow. */
export async function connect(emulator: RunningGoogleEmulator, user?: string): Promise<Connected> {
  const oauth = oauthClient(emulator);
  const { code, codeVerifier } = await authorize(oauth, user ? { loginHint: user } : {});
  const { tokens } = await oauth.getToken({ code, codeVerifier });
  oauth.setCredentials(tokens);
  return { oauth, api: calendar({ version: 'v3', auth: oauth, rootUrl: `${emulator.url}/` }) };
}

/** googleapis retries 429/5xx and network errors by itself; tests that must see one turn it off. */
export const NO_RETRY = { retry: false } as const;

let counter = 0;

/** A timed single event on 2026-03-02 at the given hour (UTC), with overrides. */
export function buildEvent(overrides: GoogleEventInput = {}): GoogleEventInput {
  counter++;
  return {
    id: `evt${String(counter).padStart(5, '0')}`,
    summary: `Meeting ${counter}`,
    start: { dateTime: '2026-03-02T09:00:00Z', timeZone: 'UTC' },
    end: { dateTime: '2026-03-02T10:00:00Z', timeZone: 'UTC' },
    ...overrides,
  };
}

/** One user (alice@example.com) with a primary calendar holding the given events. */
export function buildSeed(events: GoogleEventInput[], timeZone = 'UTC'): GoogleSeed {
  return {
    users: [
      {
        email: 'alice@example.com',
        name: 'Alice',
        calendars: [
          { id: 'alice@example.com', summary: 'Alice', timeZone, primary: true, events },
          { id: 'team@example.com', summary: 'Team', timeZone },
        ],
      },
      { email: 'bob@example.com', name: 'Bob' },
    ],
  };
}

/** The emulator's fixed clock for tests: 2026-03-01T00:00:00Z. */
export const NOW = new Date('2026-03-01T00:00:00Z');

/** Every page of a listing, following nextPageToken with identical parameters. */
export async function listAll(
  api: calendar_v3.Calendar,
  params: calendar_v3.Params$Resource$Events$List,
): Promise<{ pages: calendar_v3.Schema$Events[]; items: calendar_v3.Schema$Event[] }> {
  const pages: calendar_v3.Schema$Events[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await api.events.list({ ...params, ...(pageToken ? { pageToken } : {}) });
    pages.push(data);
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return { pages, items: pages.flatMap((p) => p.items ?? []) };
}

/** What a test reads of a failed client call (a GaxiosError, read by shape). */
export interface ApiFailure {
  status: number | undefined;
  data: unknown;
  code: string | undefined;
  message: string;
}

/** The failure of a call that must fail; throws when it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error('expected the call to fail');
  const error = outcome.error as {
    status?: number;
    code?: string | number;
    message?: string;
    response?: { status?: number; data?: unknown };
  };
  return {
    status: error.status ?? error.response?.status,
    data: error.response?.data,
    code: error.code === undefined ? undefined : String(error.code),
    message: error.message ?? String(outcome.error),
  };
}

export interface ReceivedNotification {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: ReceivedNotification[];
  /** Status codes for the next notifications, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

/** A webhook receiver on loopback that records what it gets and answers as told. */
export async function startReceiver(answers: number[] = []): Promise<Receiver> {
  const received: ReceivedNotification[] = [];
  const receiver: Receiver = { url: '', received, answers, close: async () => undefined };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.statusCode = receiver.answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
