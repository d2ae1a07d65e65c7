/**
 * Test helpers: seeds built from small builders, and the official clients (@azure/msal-node,
 * @microsoft/microsoft-graph-client) connected to an emulator through the real code flow with
 * PKCE, trusting the emulator's certificate by configuration (TLS checks stay on).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfidentialClientApplication,
  CryptoProvider,
  type AuthenticationResult,
} from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { RunningMicrosoftEmulator } from './server.js';
import { fetchTrusting, msalNetworkClient } from './trusted-fetch.js';
import type { GraphEventInput, GraphSeed } from './types.js';

export const REDIRECT_URI = 'http://localhost:9/auth/callback';
export const SCOPES = ['Calendars.Read'];
export const ALICE = 'alice@contoso.test';

/** The emulator's fixed clock for tests: 2026-03-01T00:00:00Z. */
export const NOW = new Date('2026-03-01T00:00:00Z');

export function msalApp(
  emulator: RunningMicrosoftEmulator,
  secret = emulator.clientSecret,
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emulator.clientId,
      clientSecret: secret,
      authority: emulator.authority,
      // A known authority skips instance discovery at login.microsoftonline.com.
      knownAuthorities: [new URL(emulator.url).host],
    },
    system: { networkClient: msalNetworkClient(fetchTrusting(emulator.ca)) },
  });
}

/** Follows the authorize URL without a browser: the emulator redirects with a code. */
export async function authorize(
  emulator: RunningMicrosoftEmulator,
  app: ConfidentialClientApplication,
  options: { loginHint?: string; scopes?: string[] } = {},
): Promise<{ code: string; codeVerifier: string; location: URL }> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await app.getAuthCodeUrl({
    scopes: options.scopes ?? SCOPES,
    redirectUri: REDIRECT_URI,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state: 'xyz-state',
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  const response = await fetchTrusting(emulator.ca)(url, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  const location = new URL(response.headers.get('location') ?? '');
  return { code: location.searchParams.get('code') ?? '', codeVerifier: verifier, location };
}

export interface SignedIn {
  app: ConfidentialClientApplication;
  result: AuthenticationResult;
}

/** A user signed in through the code flow with PKCE. */
export async function signIn(emulator: RunningMicrosoftEmulator, user = ALICE): Promise<SignedIn> {
  const app = msalApp(emulator);
  const { code, codeVerifier } = await authorize(emulator, app, { loginHint: user });
  const result = await app.acquireTokenByCode({
    code,
    codeVerifier,
    scopes: SCOPES,
    redirectUri: REDIRECT_URI,
  });
  return { app, result };
}

/** The Graph SDK's last middleware, fetching through the given fetch (the emulator's CA). */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, context.options);
  }
}

/**
 * A Graph client against the emulator: the default chain (auth, retry) ending in a handler that
 * trusts the emulator's CA. `maxRetries: 0` lets a test see a 429 itself.
 */
export function graphClient(
  emulator: RunningMicrosoftEmulator,
  accessToken: () => Promise<string>,
  options: { maxRetries?: number } = {},
): Client {
  return Client.initWithMiddleware({
    baseUrl: `${emulator.url}/`,
    customHosts: new Set(['localhost']),
    middleware: [
      new AuthenticationHandler({ getAccessToken: accessToken }),
      new RetryHandler(new RetryHandlerOptions(0, options.maxRetries ?? 3)),
      new FetchHandler(fetchTrusting(emulator.ca)),
    ],
  });
}

/** A Graph client for a signed-in user, its token from MSAL's cache (refreshed when due). */
export async function connect(
  emulator: RunningMicrosoftEmulator,
  user = ALICE,
  options: { maxRetries?: number } = {},
): Promise<{ signedIn: SignedIn; graph: Client }> {
  const signedIn = await signIn(emulator, user);
  const account = signedIn.result.account;
  if (!account) throw new Error('MSAL returned no account');
  const token = async () =>
    (await signedIn.app.acquireTokenSilent({ account, scopes: SCOPES })).accessToken;
  return { signedIn, graph: graphClient(emulator, token, options) };
}

let counter = 0;

/** A timed single event on 2026-03-02 at 09:00 UTC, with overrides. */
export function buildEvent(overrides: Partial<GraphEventInput> = {}): GraphEventInput {
  counter++;
  return {
    id: `AAMkEvt${String(counter).padStart(5, '0')}`,
    subject: `Meeting ${counter}`,
    start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-03-02T10:00:00.0000000', timeZone: 'UTC' },
    ...overrides,
  };
}

/** Alice (default calendar `cal-alice` with the events, and `cal-alice-2`) and Bob. */
export function buildSeed(events: GraphEventInput[]): GraphSeed {
  return {
    users: [
      {
        email: ALICE,
        name: 'Alice Example',
        calendars: [
          { id: 'cal-alice', name: 'Calendar', isDefaultCalendar: true, events },
          { id: 'cal-alice-2', name: 'Birthdays' },
        ],
      },
      { email: 'bob@contoso.test', name: 'Bob Example' },
    ],
  };
}

/** A failed Graph call as a test reads it (a GraphError). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; code: string | null; headers: Headers | undefined }> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error('expected the call to fail');
  const error = outcome.error as { statusCode?: number; code?: string | null; headers?: Headers };
  return { statusCode: error.statusCode ?? -1, code: error.code ?? null, headers: error.headers };
}

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** How the next requests are answered, in order; then the default (echo or 202). */
  answers: ((req: Received) => {
    status: number;
    type?: string;
    body?: string;
    delayMs?: number;
  })[];
  close(): Promise<void>;
}

/**
 * A webhook receiver on loopback that answers the validation handshake as Graph asks (200,
 * text/plain, the decoded token) and notifications with 202, unless told otherwise.
 */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Receiver['answers'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const answer = answers.shift()?.(entry) ?? defaultAnswer(entry);
      setTimeout(() => {
        res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function defaultAnswer(entry: Received): ReturnType<Receiver['answers'][number]> {
  const token = new URL(entry.url, 'http://receiver').searchParams.get('validationToken');
  if (token !== null) return { status: 200, type: 'text/plain', body: token };
  return { status: 202 };
}
