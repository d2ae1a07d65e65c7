/**
 * Whether a user already subscribes to a feed. The URL is a secret (private feeds carry a token
 * in it), so it is kept encrypted and compared after decrypting each of the user's feeds: a user
 * has a handful. Two subscriptions racing in the same moment can still both be made.
 */
import { normaliseFeedUrl } from '../../providers/ics/ics-client.js';
import type { Connection, Scope, Store } from '../../store/store.js';

export async function feedSubscription(
  store: Store,
  scope: Scope,
  url: string,
): Promise<Connection | null> {
  const feeds = (await store.connections.list(scope)).filter(
    (c) => c.provider === 'ics' && c.settings['source'] === 'feed',
  );
  for (const feed of feeds) {
    const stored = await store.connections.get(scope, feed.id).catch(() => null);
    const storedUrl = stored?.secrets['url'];
    if (storedUrl && sameFeed(storedUrl, url)) return feed;
  }
  return null;
}

function sameFeed(stored: string, url: string): boolean {
  try {
    return normaliseFeedUrl(stored) === url;
  } catch {
    return false;
  }
}
