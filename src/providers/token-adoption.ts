/**
 * A refresh refused because another process refreshed first. Two processes (a worker beside
 * `calintel sync`) may refresh one connection with the same refresh token; when the provider
 * rotates it, the slower one's is refused as a revoked grant. The stored secrets then hold the
 * other's newer grant: it is adopted, or refreshed in turn when already stale. A refusal with
 * the stored grant unchanged is a revoked grant, as before.
 */
import { ProviderError, type ProviderConnection } from './provider.js';

/**
 * After a refused refresh, how long to wait before reading the stored tokens a second time: the
 * other process's refresh may have been answered but its save not yet committed.
 */
export const ADOPT_WAIT_MS = 250;

export interface AdoptionOptions<T extends { expiresAt: number }> {
  tokens: T;
  refresh: (tokens: T) => Promise<T>;
  /** The tokens as stored now, or null (none, unreadable, the connection gone). */
  load: (() => Promise<T | null>) | undefined;
  /** Whether two sets of tokens hold the same grant (the same refresh token or token cache). */
  sameGrant: (a: T, b: T) => boolean;
  /** Whether tokens are fresh enough to use as they are. */
  isFresh: (tokens: T) => boolean;
}

/** Refreshes; `adopted` when the result is another process's stored tokens (nothing to save). */
export async function refreshOrAdopt<T extends { expiresAt: number }>(
  options: AdoptionOptions<T>,
): Promise<{ renewed: T; adopted: boolean }> {
  try {
    return { renewed: await options.refresh(options.tokens), adopted: false };
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind !== 'auth' || !options.load) throw error;
    for (const wait of [0, ADOPT_WAIT_MS]) {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const theirs = await options.load();
      if (!theirs || options.sameGrant(theirs, options.tokens)) continue;
      if (options.isFresh(theirs)) return { renewed: theirs, adopted: true };
      return { renewed: await options.refresh(theirs), adopted: false };
    }
    throw error;
  }
}

/** Reads the connection's stored tokens again, or undefined when it cannot (no loadSecrets). */
export function storedTokensOf<T>(
  connection: ProviderConnection,
  parse: (secrets: Record<string, string>) => T,
): (() => Promise<T | null>) | undefined {
  const load = connection.loadSecrets;
  if (!load) return undefined;
  return async () => {
    const secrets = await load();
    try {
      return secrets ? parse(secrets) : null;
    } catch {
      // Stored without tokens (a connection being replaced): nothing to adopt.
      return null;
    }
  };
}
