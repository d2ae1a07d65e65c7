/**
 * Where a meeting falls in its account's history, counted over meetings seen in start order:
 * how many sales meetings with the account came before, and how long ago the first was. The
 * type model reads it (a first meeting is rarely a negotiation).
 */
import type { AccountHistory } from './type-features.js';

const DAY_MS = 86_400_000;

export interface AccountHistorySeed {
  count: number;
  /** UTC instant of the first sales meeting with the account. */
  firstStart: string;
}

export class AccountHistoryTracker {
  private readonly seen = new Map<string, { count: number; first: number }>();

  /** Starts from meetings counted elsewhere (those before the range being analysed). */
  constructor(seed: ReadonlyMap<string, AccountHistorySeed> = new Map()) {
    for (const [accountId, entry] of seed) {
      this.seen.set(accountId, { count: entry.count, first: Date.parse(entry.firstStart) });
    }
  }

  /** The account's history before a meeting that starts at `start`; undefined without account. */
  before(accountId: string | null, start: string): AccountHistory | undefined {
    if (!accountId) return undefined;
    const known = this.seen.get(accountId);
    return {
      earlierMeetings: known?.count ?? 0,
      daysSinceFirst: known ? Math.max(0, (Date.parse(start) - known.first) / DAY_MS) : null,
    };
  }

  /** Counts a sales meeting with the account (call in start order, after `before`). */
  record(accountId: string | null, start: string): void {
    if (!accountId) return;
    const at = Date.parse(start);
    const known = this.seen.get(accountId);
    this.seen.set(accountId, {
      count: (known?.count ?? 0) + 1,
      first: known ? Math.min(known.first, at) : at,
    });
  }
}
