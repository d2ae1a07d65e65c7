/**
 * What an Exchange connection stores, read into what a session needs. Connections made before a
 * server was configured for them fall back to the service's defaults, and a connection whose
 * secrets are not usable must ask to be connected again rather than fail some other way.
 */
import type { ProviderConnection } from '../provider.js';
import { ProviderError } from '../provider.js';
import type { ExchangeCredentials, ExchangeSettings } from './exchange-client.js';

/**
 * Where the connection's server is: `serverUrl` and `version` in its settings, else the
 * provider's defaults (the service's EXCHANGE_SERVER_URL and EXCHANGE_VERSION).
 */
export function settingsOf(
  connection: ProviderConnection,
  defaults: Partial<ExchangeSettings> = {},
): ExchangeSettings {
  const serverUrl = text(connection.settings['serverUrl']) ?? defaults.serverUrl;
  const version = text(connection.settings['version']) ?? defaults.version;
  if (!serverUrl)
    throw new ProviderError('exchange', 'invalid_input', 'no Exchange server URL is configured');
  return { serverUrl, ...(version ? { version } : {}) };
}

/**
 * The credentials an Exchange connection stores in its secrets: `authType` (basic, ntlm or
 * oauth) with `username` and `password`, or `token`.
 */
export function credentialsOf(connection: ProviderConnection): ExchangeCredentials {
  const { authType, username, password, token } = connection.secrets;
  if (authType === 'oauth' && token) return { authType, token };
  if ((authType === 'basic' || authType === 'ntlm') && username && password !== undefined)
    return { authType, username, password };
  throw new ProviderError(
    'exchange',
    'auth',
    'this Exchange connection has no usable credentials: connect it again',
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
