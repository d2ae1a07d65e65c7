/**
 * Saves of the same thing one at a time, the newest choice last. A verdict on a meeting applies
 * to its whole series, and two saves in flight at once end on whichever the server finishes last,
 * not on the user's last choice; so a save waits for the one before it, and a save that a newer
 * choice replaced while it waited is never sent.
 */

/** What became of a save: sent (and whether it is still the newest choice), or replaced unsent. */
export type SaveOutcome<T> = { sent: true; value: T; newest: boolean } | { sent: false };

export class LatestWins {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly newest = new Map<string, number>();
  private tickets = 0;
  private waiting = 0;

  /** A place in the line for `key`, taken when the user chooses (before anything is awaited). */
  take(key: string): number {
    const ticket = ++this.tickets;
    this.newest.set(key, ticket);
    return ticket;
  }

  /** Whether `ticket` is the newest choice made for `key`. */
  isNewest(key: string, ticket: number): boolean {
    return this.newest.get(key) === ticket;
  }

  /** Whether any save is waiting or in flight. */
  get busy(): boolean {
    return this.waiting > 0;
  }

  /** Sends once the saves before it for `key` have finished, unless a newer choice replaced it. */
  run<T>(key: string, ticket: number, send: () => Promise<T>): Promise<SaveOutcome<T>> {
    const before = this.tails.get(key);
    this.waiting += 1;
    const attempt = async (): Promise<SaveOutcome<T>> => {
      try {
        if (!this.isNewest(key, ticket)) return { sent: false };
        const value = await send();
        return { sent: true, value, newest: this.isNewest(key, ticket) };
      } finally {
        // Before the caller hears of it, so that its handlers see whether others still wait.
        this.waiting -= 1;
      }
    };
    // With nothing before it, it is sent at once: a choice made meanwhile waits for it.
    const outcome = before ? before.then(attempt) : attempt();
    const tail: Promise<unknown> = outcome
      .catch(() => undefined)
      .then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    this.tails.set(key, tail);
    return outcome;
  }
}
