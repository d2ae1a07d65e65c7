/**
 * Outlook's limits are per app and mailbox (contract §2.4): at most 4 requests in flight, and a
 * 429's Retry-After holds for the whole mailbox. The gate keeps both for each connection, so that
 * several calendars of one mailbox syncing at once neither exceed the first nor ignore the second.
 */
import { ProviderError } from '../provider.js';

export const MAX_CONCURRENT_PER_MAILBOX = 4;

interface Lane {
  running: number;
  waiting: (() => void)[];
  pausedUntil: number;
}

export class MailboxGate {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly limit: number = MAX_CONCURRENT_PER_MAILBOX,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `call` when the mailbox has a free slot. While a Retry-After is pending, fails at once
   * with rate_limit (and the time left) instead of sending a request Outlook would refuse.
   */
  async run<T>(mailbox: string, call: () => Promise<T>): Promise<T> {
    const lane = this.lane(mailbox);
    this.checkPause(lane);
    await this.acquire(lane);
    try {
      this.checkPause(lane);
      return await call();
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'rate_limit' && error.retryAfterMs)
        lane.pausedUntil = Math.max(lane.pausedUntil, this.now() + error.retryAfterMs);
      throw error;
    } finally {
      this.release(mailbox, lane);
    }
  }

  private lane(mailbox: string): Lane {
    let lane = this.lanes.get(mailbox);
    if (!lane) this.lanes.set(mailbox, (lane = { running: 0, waiting: [], pausedUntil: 0 }));
    return lane;
  }

  private checkPause(lane: Lane): void {
    const left = lane.pausedUntil - this.now();
    if (left > 0)
      throw new ProviderError(
        'microsoft',
        'rate_limit',
        `Microsoft throttled this mailbox; waiting ${Math.ceil(left / 1000)} s as Retry-After asked`,
        left,
      );
  }

  private acquire(lane: Lane): Promise<void> {
    if (lane.running < this.limit) {
      lane.running++;
      return Promise.resolve();
    }
    // The slot is handed over by release(), so running never drops below the waiters served.
    return new Promise((resolve) => lane.waiting.push(resolve));
  }

  private release(mailbox: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.running--;
    if (lane.running === 0 && lane.pausedUntil <= this.now()) this.lanes.delete(mailbox);
  }
}
