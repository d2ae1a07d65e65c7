/**
 * Failed authentications per client address. An authenticated caller is limited per token
 * (server.ts); a caller without a valid token has none to be counted by, and each of its tries
 * costs a database lookup, so its address is counted instead, before authentication: past the
 * limit, its requests get 429 without a lookup until the window ends.
 *
 * A credential that authenticated lately still passes a blocked address (and is then checked as
 * always), so that one broken client behind an office's address does not lock out its colleagues.
 */
import { createHash } from 'node:crypto';

/** Addresses and credentials remembered at most, so that memory stays bounded. */
const MAX_ENTRIES = 50_000;
const WINDOW_MS = 60_000;
/** How long a credential that authenticated stays known. */
const KNOWN_FOR_MS = 60 * 60_000;

interface Window {
  failures: number;
  endsAt: number;
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly known = new Map<string, number>();

  constructor(
    /** Failed attempts allowed per address and minute. */
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Seconds until the address may try again, or null when it may now: under the limit, or
   * with a credential that authenticated lately.
   */
  retryAfter(address: string, credential: string | null): number | null {
    const window = this.windows.get(address);
    const now = this.now();
    if (!window || window.endsAt <= now || window.failures < this.max) return null;
    if (credential !== null && (this.known.get(credentialKey(credential)) ?? 0) > now) return null;
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  failed(address: string): void {
    const now = this.now();
    const window = this.windows.get(address);
    if (window && window.endsAt > now) {
      window.failures += 1;
      return;
    }
    this.windows.delete(address);
    this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
    if (this.windows.size > MAX_ENTRIES) this.prune();
  }

  succeeded(credential: string): void {
    const key = credentialKey(credential);
    // Deleted first, so that the map's order stays the order of last use.
    this.known.delete(key);
    this.known.set(key, this.now() + KNOWN_FOR_MS);
    if (this.known.size > MAX_ENTRIES) dropOldest(this.known);
  }

  /** Windows are kept in the order they end (a new one goes last), so expired ones lead. */
  private prune(): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (window.endsAt > now) break;
      this.windows.delete(address);
    }
    while (this.windows.size > MAX_ENTRIES) dropOldest(this.windows);
  }
}

function dropOldest(map: Map<string, unknown>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}

function credentialKey(credential: string): string {
  return createHash('sha256').update(credential).digest('base64url');
}
