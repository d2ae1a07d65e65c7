/** Where each meeting falls in its account's history, counted in start order as events come. */
import type { AccountHistory } from '../src/domain/detection/type-features.js';

export class HistoryTracker {
  private readonly seen = new Map<string, { count: number; first: number }>();

  /** The history before this meeting; then counts it when it is a sales meeting. */
  next(accountId: string | null, start: string, isSales: boolean): AccountHistory | undefined {
    if (!accountId) return undefined;
    const at = Date.parse(start);
    const known = this.seen.get(accountId);
    const history: AccountHistory = {
      earlierMeetings: known?.count ?? 0,
      daysSinceFirst: known ? Math.max(0, (at - known.first) / 86_400_000) : null,
    };
    if (isSales)
      this.seen.set(accountId, { count: (known?.count ?? 0) + 1, first: known?.first ?? at });
    return history;
  }
}
