/**
 * Sync tokens are kept server-side, as opaque random strings: a token the emulator did not issue
 * (garbage), or one it has forgotten (invalidated, purged, evicted), is a 410 fullSyncRequired,
 * which is what Google answers for both.
 */
import { randomBytes } from 'node:crypto';

export interface SyncTokenInfo {
  calendarId: string;
  user: string;
  /** Changes with a higher sequence number are what the next call returns. */
  seq: number;
  singleEvents: boolean;
  /** The other filters of the full sync (eventTypes, ...); a later call must use the same. */
  filterKey: string;
}

/** Old tokens are forgotten beyond this many: Google invalidates tokens "at its discretion". */
const MAX_TOKENS = 20_000;

export class SyncTokens {
  private readonly tokens = new Map<string, SyncTokenInfo>();
  /**
   * Per calendar, the sequence number of its last purge: a token for an older listing could not
   * report what was purged, so it is refused even when it is minted after the purge (by a
   * listing whose pages were being served while the purge happened).
   */
  private readonly floors = new Map<string, number>();

  mint(info: SyncTokenInfo): string {
    // Shaped like Google's (`CPDAlvWDx70CEPDAlvWDx70CGAU=`): base64 with padding.
    const token = `C${randomBytes(19).toString('base64')}`;
    this.tokens.set(token, info);
    if (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  lookup(token: string): SyncTokenInfo | undefined {
    const info = this.tokens.get(token);
    if (info && info.seq < (this.floors.get(info.calendarId) ?? 0)) return undefined;
    return info;
  }

  /** Tokens of listings from before `seq` are refused from now on, including later-minted ones. */
  refuseBefore(calendarId: string, seq: number): void {
    this.floors.set(calendarId, Math.max(seq, this.floors.get(calendarId) ?? 0));
    this.invalidate(calendarId);
  }

  /** Every token of the calendar becomes a 410 (or of all calendars when none is named). */
  invalidate(calendarId?: string): number {
    let count = 0;
    for (const [token, info] of this.tokens) {
      if (calendarId && info.calendarId !== calendarId) continue;
      this.tokens.delete(token);
      count++;
    }
    return count;
  }
}
