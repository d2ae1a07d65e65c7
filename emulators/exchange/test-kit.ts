/**
 * Test helpers: seeds built from small builders, and ews-javascript-api clients connected to an
 * emulator through @ewsjs/xhr, trusting the emulator's certificate by configuration (an https
 * agent with its CA: TLS checks stay on). The library's typings are loose in places (errors are
 * thrown as several unrelated classes), so failures are read by shape into one small type.
 */
import { Agent } from 'node:https';
import { XhrApi } from '@ewsjs/xhr';
import {
  ExchangeService,
  ExchangeVersion,
  FolderId,
  OAuthCredentials,
  ServiceError,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from 'ews-javascript-api';
import { bearerTokenFor } from './seed.js';
import type { RunningExchangeEmulator } from './server.js';
import type { CalendarItemInput, ExchangeSeed } from './types.js';

export const ALICE = 'alice@contoso.test';
export const ALICE_PASSWORD = 'Alice-Secret-1';
export const ALICE_TOKEN = bearerTokenFor(ALICE);
export const ZONE = 'W. Europe Standard Time';

export type ClientAuth =
  | { kind: 'basic'; user?: string; password?: string }
  | { kind: 'ntlm'; user?: string; password?: string }
  | { kind: 'bearer'; token?: string };

/** An ExchangeService for the emulator (Basic as Alice unless told otherwise). */
export function ewsClient(
  emulator: RunningExchangeEmulator,
  auth: ClientAuth = { kind: 'basic' },
): ExchangeService {
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
  service.Url = new Uri(emulator.ewsUrl);
  const agent = emulator.ca ? { httpsAgent: new Agent({ ca: emulator.ca }) } : {};
  const xhr = new XhrApi(agent);
  if (auth.kind === 'bearer') {
    service.Credentials = new OAuthCredentials(auth.token ?? ALICE_TOKEN);
  } else {
    const user = auth.user ?? 'alice';
    const password = auth.password ?? ALICE_PASSWORD;
    // The library insists on credentials; with NTLM the transport replaces their Basic header.
    service.Credentials = new WebCredentials(user, password);
    if (auth.kind === 'ntlm') xhr.useNtlmAuthentication(user, password);
  }
  service.XHRApi = xhr;
  return service;
}

export const calendarFolder = (): FolderId => new FolderId(WellKnownFolderName.Calendar);

let counter = 0;

/** A one-hour single item on 2026-03-02 at 09:00 UTC, with overrides. */
export function buildItem(overrides: Partial<CalendarItemInput> = {}): CalendarItemInput {
  counter++;
  return {
    id: `AAMkTest${String(counter).padStart(5, '0')}`,
    subject: `Meeting ${counter}`,
    start: '2026-03-02T09:00:00Z',
    end: '2026-03-02T10:00:00Z',
    timeZone: ZONE,
    ...overrides,
  };
}

/** Alice (CONTOSO\alice) with the given items; Bob with an empty calendar. */
export function buildSeed(items: CalendarItemInput[]): ExchangeSeed {
  return {
    mailboxes: [
      {
        email: ALICE,
        name: 'Alice Liddell',
        username: 'alice',
        domain: 'CONTOSO',
        password: ALICE_PASSWORD,
        tokens: [ALICE_TOKEN],
        timeZone: ZONE,
        items,
      },
      { email: 'bob@contoso.test', name: 'Bob', username: 'bob', password: 'Bob-Secret-1' },
    ],
  };
}

/** What a test reads of a failed call, whatever the library threw. */
export interface EwsFailure {
  /** The ServiceError name (ErrorServerBusy, ...), when the answer carried one other than NoError. */
  code: string | undefined;
  httpStatus: number | undefined;
  backOffMs: string | undefined;
  message: string;
}

/** The failure of a call that must fail; throws when it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<EwsFailure> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error('expected the call to fail');
  // SoapFaultDetails (HTTP errors) and ServiceResponseException (error messages) share no type.
  const error = outcome.error as {
    ErrorCode?: number;
    ResponseCode?: number;
    HttpStatusCode?: number;
    ErrorDetails?: { get?(key: string): string | undefined };
    message?: string;
    Message?: string;
  };
  // SoapFaultDetails has both, ErrorCode left at 0 (NoError); an exception has ErrorCode only.
  const code = error.ResponseCode || error.ErrorCode;
  return {
    code: code ? ServiceError[code] : undefined,
    httpStatus: error.HttpStatusCode,
    backOffMs: readDetail(error.ErrorDetails, 'BackOffMilliseconds'),
    message: error.message ?? error.Message ?? String(outcome.error),
  };
}

function readDetail(
  details: { get?(key: string): string | undefined } | undefined,
  key: string,
): string | undefined {
  try {
    return details?.get?.(key);
  } catch {
    return undefined;
  }
}

/**
 * A raw SOAP call with Basic auth as Alice, for requests ews-javascript-api refuses to send
 * (it checks some arguments itself). Plain-HTTP emulators only: fetch cannot be given a CA.
 */
export async function postSoap(
  emulator: RunningExchangeEmulator,
  operationXml: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(emulator.ewsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      authorization: `Basic ${Buffer.from(`alice:${ALICE_PASSWORD}`).toString('base64')}`,
    },
    body:
      '<?xml version="1.0" encoding="utf-8"?>' +
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
      ' xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"' +
      ' xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">' +
      `<soap:Body>${operationXml}</soap:Body></soap:Envelope>`,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * The SyncState of a first sync. The library types it as string, but null is what leaves
 * m:SyncState out of the request (contract §3.2); the emulator also reads an empty one as none.
 */
export const FIRST_SYNC = null as unknown as string;
