/**
 * A dry run's transaction: whatever `run` writes is rolled back, except for the connections'
 * secrets. A token refreshed during the run is saved for good once the transaction has ended (it
 * cannot be before: SQLite has one connection, held by the transaction). With rotated refresh
 * tokens the old one is dead once refreshed, so rolling the new one back cost the connection its
 * grant.
 */
import { AppError } from '../../domain/errors.js';
import type { Scope, Store } from '../../store/store.js';

/** Thrown to undo a dry run's writes once its counts are known. */
class DryRunRollback extends Error {}

interface SavedSecrets {
  scope: Scope;
  secrets: Record<string, string>;
}

/** What `run` returns, with everything it wrote undone but the secrets it saved. */
export async function rolledBack<T>(store: Store, run: (tx: Store) => Promise<T>): Promise<T> {
  let result: { value: T } | null = null;
  const secrets = new Map<string, SavedSecrets>();
  try {
    await store
      .transaction(async (tx) => {
        result = { value: await run(keepingSecrets(tx, secrets)) };
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
  } finally {
    for (const [connectionId, saved] of secrets)
      await store.connections.updateSecrets(saved.scope, connectionId, saved.secrets);
  }
  if (!result) throw new AppError('internal', 'dry run produced no result', true);
  return (result as { value: T }).value;
}

/**
 * The dry run's Store: the transaction's, remembering the last secrets saved for each connection
 * (they are saved in the transaction too, so that the run reads what it saved). Only its groups
 * are for use (what the sync adapter calls), not the methods that reach for its private database.
 */
function keepingSecrets(tx: Store, saved: Map<string, SavedSecrets>): Store {
  const connections: Store['connections'] = {
    ...tx.connections,
    updateSecrets: async (scope, connectionId, secrets) => {
      saved.set(connectionId, { scope, secrets });
      return tx.connections.updateSecrets(scope, connectionId, secrets);
    },
  };
  return Object.create(tx, { connections: { value: connections } }) as Store;
}
