/** What names a connection's account at its provider, from the settings each service stores. */
export function accountKeyOf(provider: string, settings: Record<string, unknown>): string | null {
  const text = (name: string) => {
    const value = settings[name];
    return typeof value === 'string' && value ? value : null;
  };
  if (provider === 'google' || provider === 'microsoft') return text('account');
  if (provider === 'exchange') return text('email');
  if (provider === 'caldav') {
    const server = text('serverUrl');
    const user = text('username');
    return server && user ? `${server}|${user}` : null;
  }
  return null;
}
