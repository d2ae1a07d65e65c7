/** What the OAuth callback's redirect (`?connected=google`, `?connect_error=...`) means. */
export interface ConnectNotice {
  tone: 'success' | 'error';
  text: string;
}

const PROVIDER_NAMES: Record<string, string> = {
  google: 'Google Calendar',
  outlook: 'Outlook',
  microsoft: 'Outlook',
};

export function connectNotice(params: URLSearchParams): ConnectNotice | null {
  const failure = params.get('connect_error');
  if (failure !== null) {
    return {
      tone: 'error',
      text: `The calendar was not connected: ${failure.trim() || 'the provider refused or the request expired'}. Try again.`,
    };
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
