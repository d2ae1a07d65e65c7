/**
 * Fetches ICS feeds over HTTP with conditional requests, so an unchanged feed costs one 304.
 *
 * A private feed's URL may carry a user name and password (`https://user:pass@host/feed.ics`),
 * which fetch refuses to send: they are taken out of the URL and sent as `Authorization: Basic`,
 * to the feed's own origin only. Redirects are followed here, one hop at a time, so that the
 * credentials never go to another origin whatever fetch is plugged in. No error built from a
 * failed fetch quotes a URL's credentials or query: URLs in messages (and in their causes, which
 * the log prints) are cut to scheme, host and path.
 */
import {
  charsetOf,
  decodeDeclared,
  guessedCharsetNote,
  printableCharset,
} from '../../domain/ical/ics-bytes.js';
import { ProviderError } from '../provider.js';
import { blockedAddressOf } from '../public-fetch.js';
import { describeNetworkFailure } from '../network-failure.js';

export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedResponse =
  | { kind: 'not_modified' }
  | {
      kind: 'content';
      text: string;
      /** The media type the feed said it sent (`text/calendar`), without parameters. */
      contentType: string | null;
      /**
       * Set when the charset the feed declared is one calintel cannot read: the body was read
       * as UTF-8 (RFC 5545's default), and this says so, for the sync's issues.
       */
      charsetIssue: string | null;
      validators: FeedValidators;
    };

export interface IcsClientOptions {
  timeoutMs: number;
  maxBytes: number;
  fetch?: typeof fetch;
}

export class IcsClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: IcsClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** GETs the feed; with validators, asks the server to answer 304 when nothing changed. */
  async fetchFeed(
    url: string,
    validators: FeedValidators | null,
    signal?: AbortSignal,
  ): Promise<FeedResponse> {
    const feed = feedRequest(normaliseFeedUrl(url));
    const headers: Record<string, string> = {
      accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
    };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await this.follow(
      feed,
      headers,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    ).catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      const cause = redactedError(error, feed.secrets);
      // Not passing trouble: the address is one calendars may not be fetched from.
      const blocked = blockedAddressOf(error);
      if (blocked) {
        const message = redactSecrets(blocked.message, feed.secrets);
        throw new ProviderError('ics', 'permanent', message, null, { cause });
      }
      const message = `could not reach the feed: ${redactSecrets(describeNetworkFailure(error), feed.secrets)}`;
      throw new ProviderError('ics', 'transient', message, null, { cause });
    });
    if (response.status === 304) return { kind: 'not_modified' };
    if (!response.ok) throw statusError(response, feed.authorization !== null);
    const header = response.headers.get('content-type');
    // Decoded in the charset the feed declares (UTF-8 without one), folds first (ics-bytes.ts).
    const decoded = decodeDeclared(await this.readLimited(response), charsetOf(header));
    return {
      kind: 'content',
      text: decoded.text,
      contentType: mediaType(header),
      charsetIssue:
        decoded.unknownCharset === null
          ? guessedCharsetNote('the feed', decoded)
          : `the feed declares the charset ${printableCharset(decoded.unknownCharset)}, which ` +
            'calintel cannot read: it was read as UTF-8, and characters outside ASCII may be wrong',
      validators: {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      },
    };
  }

  /**
   * GET, following redirects hop by hop (as fetch would, up to its 20): the credentials go with
   * a request only while the chain has stayed on the feed's own origin (scheme, host and port);
   * once a redirect leaves it, they are sent no more, as fetch drops Authorization then, even if
   * a later redirect leads back. A redirect's own credentials (`Location: https://u:p@...`) are
   * dropped, never used.
   */
  private async follow(
    feed: FeedRequest,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Response> {
    let current = feed.url;
    let ownOrigin = true;
    for (let hop = 0; ; hop += 1) {
      ownOrigin &&= current.origin === feed.url.origin;
      const response = await this.fetchImpl(current.toString(), {
        headers:
          feed.authorization && ownOrigin
            ? { ...headers, authorization: feed.authorization }
            : headers,
        redirect: 'manual',
        signal,
      });
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) {
        throw new ProviderError(
          'ics',
          'permanent',
          `the feed redirected more than ${MAX_REDIRECTS} times`,
        );
      }
      current = redirectTarget(location, current);
    }
  }

  private async readLimited(response: Response): Promise<Uint8Array> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.options.maxBytes) throw tooLarge(this.options.maxBytes);
    // Counted while reading: a chunked answer has no length to check up front.
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      received += next.value.byteLength;
      if (received > this.options.maxBytes) {
        await reader?.cancel();
        throw tooLarge(this.options.maxBytes);
      }
      chunks.push(next.value);
    }
    return Buffer.concat(chunks);
  }
}

/**
 * webcal:// is how calendar apps publish feeds; it means https. A user name and password in
 * the URL are kept: the URL is what the connection stores (encrypted), and fetchFeed sends them.
 */
export function normaliseFeedUrl(url: string): string {
  const rewritten = url.replace(/^webcals?:\/\//i, 'https://');
  let parsed: URL;
  try {
    parsed = new URL(rewritten);
  } catch {
    // Not the URL parser's error: it carries the text it was given, password and all.
    throw new ProviderError('ics', 'invalid_input', 'not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ProviderError(
      'ics',
      'invalid_input',
      `a feed URL must be http(s) or webcal, not ${parsed.protocol}`,
    );
  }
  return parsed.toString();
}

/**
 * A URL cut to what may be shown and logged: scheme, host (with its port) and path, without a
 * user name, password, query or fragment (private feeds put their token in the query), and with
 * the path's token-like segments masked (Google's secret address is `/private-<token>/basic.ics`,
 * iCloud's and Outlook's published ones carry long ids).
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${maskTokens(parsed.pathname)}`;
  } catch {
    return maskTokens(url.replace(/\/\/[^/?#]*@/, '//').replace(/[?#].*$/, ''));
  }
}

/** Path segments of 16 characters or more that mix letters and digits: tokens, not names. */
function maskTokens(path: string): string {
  return path
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? '***' : segment))
    .join('/');
}

const TOKEN_SEGMENT = /^(?=[^/]*\d)(?=[^/]*[a-z])[^/]{16,}$/i;

/** Every URL in a text, redacted (redactUrl). */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (found) => redactUrl(found));
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

interface FeedRequest {
  /** The feed's URL without its user name and password. */
  url: URL;
  /** `Basic ...` when the URL carried a user name, else null. */
  authorization: string | null;
  /** What must never appear in a message: the password and the query's values, as written. */
  secrets: string[];
}

/** Takes the user name and password out of the URL, as HTTP Basic credentials. */
function feedRequest(normalised: string): FeedRequest {
  const url = new URL(normalised);
  const secrets = [url.password, safeDecode(url.password), url.search.slice(1)];
  for (const value of url.searchParams.values()) secrets.push(value);
  let authorization: string | null = null;
  if (url.username || url.password) {
    const pair = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
    authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  // Too short to be a secret, and too likely to be part of ordinary words.
  return { url, authorization, secrets: secrets.filter((secret) => secret.length >= 4) };
}

function redirectTarget(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ProviderError(
      'ics',
      'permanent',
      'the feed redirected to something that is not a URL',
    );
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new ProviderError(
      'ics',
      'permanent',
      `the feed redirected to a ${next.protocol} address, not http(s)`,
    );
  }
  next.username = '';
  next.password = '';
  return next;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A message with its URLs redacted and, should one be quoted otherwise, the secrets too. */
function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = redactUrls(text);
  for (const secret of secrets) redacted = redacted.split(secret).join('***');
  return redacted;
}

/**
 * A copy of a fetch failure and its causes with every message and stack redacted: the log
 * prints an error's causes, and fetch's own say which URL it was asked for. The name and
 * `code` (ECONNREFUSED, UND_ERR_...) stay.
 */
function redactedError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (!(error instanceof Error)) {
    return typeof error === 'string' ? redactSecrets(error, secrets) : undefined;
  }
  const cause =
    depth < 4 && error.cause !== undefined
      ? { cause: redactedError(error.cause, secrets, depth + 1) }
      : undefined;
  const copy = new Error(redactSecrets(error.message, secrets), cause);
  copy.name = error.name;
  copy.stack = redactSecrets(error.stack ?? '', secrets);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

function statusError(response: Response, sentCredentials: boolean): ProviderError {
  const status = response.status;
  const message = `the feed answered HTTP ${status}`;
  if (status === 401 || status === 403) {
    const refused = sentCredentials ? ' to the user name and password in its URL' : '';
    return new ProviderError('ics', 'auth', `${message}${refused}`);
  }
  if (status === 404 || status === 410) return new ProviderError('ics', 'gone', message);
  if (status === 429 || status === 503) {
    return new ProviderError(
      'ics',
      'rate_limit',
      message,
      retryAfterMs(response.headers.get('retry-after')),
    );
  }
  if (status >= 500) return new ProviderError('ics', 'transient', message);
  return new ProviderError('ics', 'permanent', message);
}

/** `text/html` of `text/html; charset=utf-8`; null when there is none or it is not one. */
function mediaType(header: string | null): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.length <= 100 && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : null;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function tooLarge(maxBytes: number): ProviderError {
  return new ProviderError(
    'ics',
    'permanent',
    `the feed is larger than the ${maxBytes}-byte limit`,
  );
}
