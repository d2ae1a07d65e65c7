import { ApiError, errorMessage } from '../../api/client';

/** Why a provider cannot be connected on this server, in the words the page uses for each. */
export function notSetUpText(providerName: string): string {
  return `${providerName} is not set up on this server; ask your administrator.`;
}

/**
 * A failed connect in the user's words. The server's `not_configured` message is for its
 * administrator (it names environment variables); the user only needs to know whom to ask.
 */
export function connectErrorText(error: unknown, providerName: string): string {
  if (isNotConfigured(error)) return notSetUpText(providerName);
  return errorMessage(error);
}

/** The server has no such provider set up (409 `not_configured`). */
export function isNotConfigured(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'not_configured';
}

/**
 * What a connection's stored error asks of the user, beside the error: a sync that found its
 * provider not set up on this server ("the google provider is not configured") needs an
 * administrator, which the server's words do not say. Null when the error says enough.
 */
export function storedErrorHint(error: string, providerName: string): string | null {
  return /provider is not configured/i.test(error) ? notSetUpText(providerName) : null;
}
