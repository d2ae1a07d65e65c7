/** What the OAuth callback's redirect (`?connected=google`, `?connect_error=denied`) means. */
export interface ConnectNotice {
  tone: 'success' | 'error';
  text: string;
}

const PROVIDER_NAMES: Record<string, string> = {
  google: 'Google Calendar',
  outlook: 'Outlook',
  microsoft: 'Outlook',
};

/**
 * The callback's error codes (src/api/routes/oauth-callback.route.ts), each in fixed words: the
 * address can be written by anyone who sends a link, so none of its text is ever shown.
 */
const CONNECT_ERRORS: Record<string, string> = {
  denied: 'access was not granted. Try again, and allow calintel to read your calendar.',
  expired:
    'the request expired, was already used or was started in another browser session. Start again from this page.',
  refused: 'the provider refused the request. Try again.',
  colleague:
    'the account you chose belongs to a colleague who uses calintel in your organisation. Their calendar is theirs to connect; once they have connected it, calintel already uses it for their free/busy and for conflicts. Choose one of your own accounts.',
  unavailable: 'the provider could not be reached. Try again in a few minutes.',
};
const UNKNOWN_ERROR = 'something went wrong. Try again.';

export function connectNotice(params: URLSearchParams): ConnectNotice | null {
  const failure = params.get('connect_error');
  if (failure !== null) {
    // Own properties only: `constructor` or `toString` is no code.
    const reason = Object.hasOwn(CONNECT_ERRORS, failure) ? CONNECT_ERRORS[failure] : undefined;
    return { tone: 'error', text: `The calendar was not connected: ${reason ?? UNKNOWN_ERROR}` };
  }
  const connected = params.get('connected');
  if (connected !== null) {
    const name = PROVIDER_NAMES[connected] ?? 'Your calendar';
    return {
      tone: 'success',
      text: `${name} is connected. Its calendars are syncing now.`,
    };
  }
  return null;
}
