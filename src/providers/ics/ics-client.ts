/** Fetches ICS feeds over HTTP with conditional requests, so an unchanged feed costs one 304. */
import { ProviderError } from '../provider.js';
import { blockedAddressOf } from '../public-fetch.js';

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
    const target = normaliseFeedUrl(url);
    const headers: Record<string, string> = {
      accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
    };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await this.fetchImpl(target, {
      headers,
      redirect: 'follow',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    }).catch((error: unknown) => {
      // Not passing trouble: the address is one calendars may not be fetched from.
      const blocked = blockedAddressOf(error);
      if (blocked)
        throw new ProviderError('ics', 'permanent', blocked.message, null, { cause: error });
      throw new ProviderError(
        'ics',
        'transient',
        `could not reach the feed: ${describe(error)}`,
        null,
        {
          cause: error,
        },
      );
    });
    if (response.status === 304) return { kind: 'not_modified' };
    if (!response.ok) throw statusError(response);
    const text = await this.readLimited(response);
    return {
      kind: 'content',
      text,
      contentType: mediaType(response.headers.get('content-type')),
      validators: {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      },
    };
  }

  private async readLimited(response: Response): Promise<string> {
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
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** webcal:// is how calendar apps publish feeds; it means https. */
export function normaliseFeedUrl(url: string): string {
  const rewritten = url.replace(/^webcals?:\/\//i, 'https://');
  const parsed = new URL(rewritten);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ProviderError(
      'ics',
      'invalid_input',
      `a feed URL must be http(s) or webcal, not ${parsed.protocol}`,
    );
  }
  return parsed.toString();
}

function statusError(response: Response): ProviderError {
  const status = response.status;
  const message = `the feed answered HTTP ${status}`;
  if (status === 401 || status === 403) return new ProviderError('ics', 'auth', message);
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

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
