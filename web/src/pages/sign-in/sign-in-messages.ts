import { ApiError, errorMessage } from '../../api/client';

/** The message for `?error=` on the sign-in page, where the server's link handler sends failures. */
export function linkErrorMessage(code: string | null): string | null {
  if (!code) return null;
  if (code === 'link_invalid') {
    return 'This sign-in link is invalid, has expired or was already used. Sign in with your email and password, or ask for a new link.';
  }
  return 'Signing in did not work. Try again with your email and password.';
}

export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials' || error.status === 401) {
      return 'The email or password is not right. Check them and try again.';
    }
    if (error.status === 429) {
      return 'Too many sign-in attempts. Wait a few minutes, then try again.';
    }
  }
  return errorMessage(error);
}
