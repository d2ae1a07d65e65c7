/**
 * The one way the dashboard talks to the API: same-origin fetch with the session cookie, the
 * CSRF header on every change, and errors turned into ApiError with the server's message.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const CALENDAR_API = '/api/v1/calendar';
export const CRM_API = '/api/v1/crm';

interface ClientHooks {
  csrfToken: () => string | null;
  onUnauthorized: () => void;
  /**
   * A change was refused (403), as it is when the tab's CSRF token belongs to a session that
   * ended in another tab: true when the session has been read again with a new token for the
   * same user, so that the change may be sent once more.
   */
  onForbidden: () => Promise<boolean>;
}

let hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthorized: () => {},
  onForbidden: () => Promise.resolve(false),
};

/** The app wires the session in once, so that the client never holds a second copy of it. */
export function configureClient(next: ClientHooks): void {
  hooks = next;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON; a FormData is sent as it is (multipart, its boundary set by the browser). */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The session calls read a 401 as an answer ("not signed in", "wrong password"), not as the
   * end of a session.
   */
  redirectOnUnauthorized?: boolean;
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return send<T>(path, options, false);
}

async function send<T>(path: string, options: RequestOptions, retried: boolean): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  const { body, contentType } = encodeBody(options.body);
  if (contentType) headers['Content-Type'] = contentType;
  if (method !== 'GET') {
    const token = hooks.csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach calintel. Check your connection.');
  }
  if (response.status === 401 && options.redirectOnUnauthorized !== false) hooks.onUnauthorized();
  // The server refused the change without doing it, so sending it again with the new token
  // is safe; once only, so that a 403 for another reason stays an error.
  if (response.status === 403 && method !== 'GET' && !retried && (await sessionRenewed()))
    return send<T>(path, options, true);
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Whether the session had gone stale and was renewed; a failed check renews nothing. */
async function sessionRenewed(): Promise<boolean> {
  try {
    return await hooks.onForbidden();
  } catch {
    return false;
  }
}

/** A FormData keeps the browser's own multipart content type, boundary included. */
function encodeBody(body: unknown): { body: BodyInit | undefined; contentType: string | null } {
  if (body === undefined) return { body: undefined, contentType: null };
  if (body instanceof FormData) return { body, contentType: null };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

async function errorOf(response: Response): Promise<ApiError> {
  const fallback = `The request failed (HTTP ${response.status}).`;
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : 'http_error';
    const message = typeof error?.message === 'string' && error.message ? error.message : fallback;
    return new ApiError(response.status, code, message);
  } catch {
    return new ApiError(response.status, 'http_error', fallback);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
