/**
 * The calls calintel makes to Google, through the official clients (`@googleapis/calendar`,
 * `google-auth-library`). Every base URL comes from settings so the same code runs against
 * Google or the local emulator.
 */
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { CodeChallengeMethod, OAuth2Client, type Credentials } from 'google-auth-library';
import { arrayElementTexts } from '../json-array-texts.js';
import { ProviderError, WriteRefused } from '../provider.js';
import { mapGoogleError } from './google-errors.js';

export interface GoogleClientSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Root of the Calendar API, e.g. `https://www.googleapis.com/`. */
  apiUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** How long one request may take before it fails as transient; default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
}

/**
 * A listing page of 2,500 events takes Google a few seconds; a minute without an answer is a
 * hung connection. Without a bound the sync run waits forever, holding its calendar.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

/** What is stored (encrypted) for a Google connection. */
export interface GoogleTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix ms when the access token expires. */
  expiresAt: number;
  scope: string;
}

/** Reading events and calendars, and push channels on them: nothing that writes events. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar.readonly',
  'openid',
  'email',
] as const;

/**
 * Added only when the user asks for write-back (declining a meeting, deleting their own hold
 * from a conflict): the narrowest scope that can change events, not the whole calendar.
 */
export const GOOGLE_WRITE_SCOPE = 'https://www.googleapis.com/auth/calendar.events';

/** Whether granted scopes (space-separated, as Google reports them) allow changing events. */
export function canWriteEvents(grantedScope: string): boolean {
  return grantedScope
    .split(' ')
    .some((s) => s === GOOGLE_WRITE_SCOPE || s === 'https://www.googleapis.com/auth/calendar');
}

/**
 * One events.list page, with the JSON text of each of its items as Google sent it (`itemTexts`,
 * in the order of `items`; null when the body could not be read that way).
 */
export type EventsPage = calendar_v3.Schema$Events & { itemTexts: string[] | null };

export interface ListEventsRequest {
  calendarId: string;
  syncToken?: string;
  pageToken?: string;
  /** RFC 3339: only events that end after it (a full listing only; never with syncToken). */
  timeMin?: string;
  maxResults: number;
}

export interface WatchRequest {
  calendarId: string;
  channelId: string;
  address: string;
  token: string;
  /** Unix ms; Google caps it and answers with the expiration that counts. */
  expiration?: number;
}

export interface Channel {
  id: string;
  resourceId: string;
  expiration: number | null;
}

export class GoogleClient {
  private readonly timeoutMs: number;

  constructor(readonly settings: GoogleClientSettings) {
    this.timeoutMs = settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  authorizationUrl(input: {
    state: string;
    codeChallenge: string;
    loginHint?: string;
    writeAccess?: boolean;
  }): string {
    return this.oauth().generateAuthUrl({
      access_type: 'offline',
      // A refresh token is only issued on consent: ask for it every time we connect.
      prompt: 'consent',
      scope: [...GOOGLE_SCOPES, ...(input.writeAccess ? [GOOGLE_WRITE_SCOPE] : [])],
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      include_granted_scopes: true,
      ...(input.loginHint ? { login_hint: input.loginHint } : {}),
    });
  }

  async exchangeCode(code: string, codeVerifier: string): Promise<GoogleTokens> {
    try {
      const { tokens } = await this.oauth().getToken({ code, codeVerifier });
      if (!tokens.refresh_token) {
        throw new Error('Google granted no refresh token (offline access was not given)');
      }
      return toTokens(tokens, tokens.refresh_token);
    } catch (error) {
      throw mapGoogleError(error, 'exchanging the authorization code');
    }
  }

  /**
   * A new access token; Google may also rotate the refresh token. The rotated one is read from
   * the 'tokens' event as it is emitted: google-auth-library then writes the old refresh token
   * back into its credentials (and into the emitted object), so reading it later loses it.
   */
  async refresh(tokens: GoogleTokens): Promise<GoogleTokens> {
    const client = this.oauth();
    client.setCredentials({ refresh_token: tokens.refreshToken });
    let rotated: string | null = null;
    client.on('tokens', (issued) => {
      rotated = issued.refresh_token ?? null;
    });
    try {
      const { credentials } = await client.refreshAccessToken();
      return toTokens(credentials, rotated ?? tokens.refreshToken);
    } catch (error) {
      throw mapGoogleError(error, 'refreshing the access token');
    }
  }

  async revoke(token: string): Promise<void> {
    try {
      await this.oauth().revokeToken(token);
    } catch (error) {
      throw mapGoogleError(error, 'revoking the token');
    }
  }

  async listCalendars(tokens: GoogleTokens): Promise<calendar_v3.Schema$CalendarListEntry[]> {
    const api = this.api(tokens);
    const entries: calendar_v3.Schema$CalendarListEntry[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await call('listing calendars', () =>
        // Hidden entries too: "Hide from list" in Google's UI keeps the calendar, and a
        // listing without them would have calendar discovery take it for removed.
        api.calendarList.list({
          maxResults: 250,
          showHidden: true,
          ...(pageToken ? { pageToken } : {}),
        }),
      );
      entries.push(...(data.items ?? []));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return entries;
  }

  /**
   * One page of events.list. Series come expanded (singleEvents): Google applies its own
   * exceptions and time zones, and every instance has a stable id, so a page maps one-to-one
   * onto stored rows. A full listing may be bounded below (`timeMin`, what retention keeps); the
   * sync token that ends it carries no bound, so later changes to older events come too.
   */
  async listEvents(
    tokens: GoogleTokens,
    request: ListEventsRequest,
    signal?: AbortSignal,
  ): Promise<EventsPage> {
    const { data } = await call('listing events', () =>
      this.api(tokens).events.list(
        {
          calendarId: request.calendarId,
          singleEvents: true,
          maxResults: request.maxResults,
          // Compact JSON: the items' texts are stored as they come, and travel smaller.
          prettyPrint: false,
          ...(request.syncToken ? { syncToken: request.syncToken } : {}),
          ...(request.timeMin ? { timeMin: request.timeMin } : {}),
          ...(request.pageToken ? { pageToken: request.pageToken } : {}),
        },
        // The body as text, parsed here: each item's own text is kept for the store.
        { responseType: 'text', ...(signal ? { signal } : {}) },
      ),
    );
    return readEventsPage(data);
  }

  async watch(tokens: GoogleTokens, request: WatchRequest): Promise<Channel> {
    const { data } = await call('opening a push channel', () =>
      this.api(tokens).events.watch({
        calendarId: request.calendarId,
        singleEvents: true,
        requestBody: {
          id: request.channelId,
          type: 'web_hook',
          address: request.address,
          token: request.token,
          ...(request.expiration ? { expiration: String(request.expiration) } : {}),
        },
      }),
    );
    if (!data.id || !data.resourceId) throw new Error('Google returned a channel without ids');
    return {
      id: data.id,
      resourceId: data.resourceId,
      expiration: data.expiration ? Number(data.expiration) : null,
    };
  }

  /** events.get: one event or instance, as Google holds it now. */
  async getEvent(
    tokens: GoogleTokens,
    ref: { calendarId: string; eventId: string },
  ): Promise<calendar_v3.Schema$Event> {
    const { data } = await call('reading an event', () => this.api(tokens).events.get(ref));
    return data;
  }

  /**
   * events.patch of the attendee list (how an attendee's answer is changed). With `etag`, only
   * if the event is still that version (If-Match); otherwise WriteRefused ('changed').
   */
  async patchAttendees(
    tokens: GoogleTokens,
    ref: { calendarId: string; eventId: string },
    attendees: calendar_v3.Schema$EventAttendee[],
    etag?: string | null,
  ): Promise<calendar_v3.Schema$Event> {
    try {
      const { data } = await this.api(tokens).events.patch(
        { ...ref, requestBody: { attendees } },
        ifMatch(etag),
      );
      return data;
    } catch (error) {
      throw writeError(error, 'answering an invitation');
    }
  }

  /**
   * events.delete; an event Google already deleted (410) counts as done. With `etag`, only if
   * the event is still that version (If-Match); otherwise WriteRefused ('changed').
   */
  async deleteEvent(
    tokens: GoogleTokens,
    ref: { calendarId: string; eventId: string },
    etag?: string | null,
  ) {
    try {
      await this.api(tokens).events.delete(ref, ifMatch(etag));
    } catch (error) {
      if ((error as { status?: number }).status === 410) return;
      throw writeError(error, 'deleting an event');
    }
  }

  async stopChannel(tokens: GoogleTokens, channel: { id: string; resourceId: string }) {
    await call('stopping a push channel', () =>
      this.api(tokens).channels.stop({ requestBody: channel }),
    );
  }

  private oauth(): OAuth2Client {
    return new OAuth2Client({
      clientId: this.settings.clientId,
      clientSecret: this.settings.clientSecret,
      redirectUri: this.settings.redirectUri,
      endpoints: {
        oauth2AuthBaseUrl: this.settings.authorizeUrl,
        oauth2TokenUrl: this.settings.tokenUrl,
        oauth2RevokeUrl: this.settings.revokeUrl,
      },
      transporterOptions: { timeout: this.timeoutMs },
    });
  }

  /**
   * A client that uses the given access token as it is: refreshing is the TokenKeeper's job (one
   * refresh per connection at a time, rotated tokens saved), so the library must not do it too.
   */
  private api(tokens: GoogleTokens): calendar_v3.Calendar {
    const auth = this.oauth();
    auth.setCredentials({ access_token: tokens.accessToken, token_type: 'Bearer' });
    return calendar({
      version: 'v3',
      auth,
      rootUrl: this.settings.apiUrl,
      // gaxios retries GET on 429/5xx from 100 ms but ignores Retry-After and never retries 403
      // rate limits; keep its retries few so our own backoff (which reads both) decides.
      retryConfig: { retry: 2, noResponseRetries: 2 },
      timeout: this.timeoutMs,
    });
  }
}

function ifMatch(etag: string | null | undefined): { headers: Record<string, string> } {
  return { headers: etag ? { 'If-Match': etag } : {} };
}

/** A write's failure: 412 (the event changed since it was read) is a refusal, not an error. */
function writeError(error: unknown, what: string): Error {
  if ((error as { status?: number }).status === 412)
    return new WriteRefused(
      'google',
      'changed',
      'the event changed in Google while calintel was writing; nothing was changed',
    );
  return mapGoogleError(error, what);
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw mapGoogleError(error, what);
  }
}

function toTokens(credentials: Credentials, refreshToken: string): GoogleTokens {
  if (!credentials.access_token) throw new Error('Google returned no access token');
  return {
    accessToken: credentials.access_token,
    refreshToken,
    expiresAt: credentials.expiry_date ?? Date.now() + 3_600_000,
    scope: credentials.scope ?? '',
  };
}

/** An events.list body, read as text because the list call asks for it that way. */
export function readEventsPage(data: unknown): EventsPage {
  // The emulator and Google answer JSON; a client that parsed it anyway is taken as it is.
  if (typeof data !== 'string') return { ...(data as calendar_v3.Schema$Events), itemTexts: null };
  let page: calendar_v3.Schema$Events;
  try {
    page = JSON.parse(data) as calendar_v3.Schema$Events;
  } catch (error) {
    // A truncated or garbled answer: worth another try later, like a dropped connection.
    throw new ProviderError(
      'google',
      'transient',
      `Google answered events.list with a body that is not JSON (${String(error)})`,
      null,
      { cause: error },
    );
  }
  const texts = arrayElementTexts(data, 'items');
  const count = page.items?.length ?? 0;
  return { ...page, itemTexts: texts?.length === count ? texts : null };
}
