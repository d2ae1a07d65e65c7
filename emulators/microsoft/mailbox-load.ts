/**
 * Requests in flight per mailbox. Outlook allows four at once per app and mailbox and answers a
 * fifth with 429 MailboxConcurrency (concepts/throttling-limits); the peak is kept so that a test
 * can show a client never went over.
 */
export class MailboxLoad {
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private total = 0;

  /** Counts a request in; false when the mailbox is already at `max`. */
  enter(user: string, max: number): boolean {
    this.total++;
    const now = this.inFlight.get(user) ?? 0;
    if (now >= max) return false;
    this.inFlight.set(user, now + 1);
    this.peaks.set(user, Math.max(now + 1, this.peaks.get(user) ?? 0));
    return true;
  }

  leave(user: string): void {
    this.inFlight.set(user, Math.max(0, (this.inFlight.get(user) ?? 0) - 1));
  }

  stats(): { requests: number; peakConcurrency: Record<string, number> } {
    return { requests: this.total, peakConcurrency: Object.fromEntries(this.peaks) };
  }

  clear(): void {
    this.inFlight.clear();
    this.peaks.clear();
    this.total = 0;
  }
}
