/** A stored connection as a provider takes it: decrypted secrets, renewed ones saved back. */
import type { ProviderConnection } from '../providers/provider.js';
import type { ConnectionWithSecrets, Scope, Store } from '../store/store.js';

export function providerConnectionOf(
  store: Store,
  scope: Scope,
  connection: ConnectionWithSecrets,
): ProviderConnection {
  return {
    id: connection.id,
    secrets: connection.secrets,
    settings: connection.settings,
    saveSecrets: async (secrets: Record<string, string>) => {
      await store.connections.updateSecrets(scope, connection.id, secrets);
    },
    loadSecrets: async () => (await store.connections.get(scope, connection.id))?.secrets ?? null,
  };
}
