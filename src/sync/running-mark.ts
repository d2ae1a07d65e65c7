/**
 * Shows a run as syncing before its first write. A run claims its calendar (which marks it
 * syncing) only before its first write, so that a run its provider answers "no changes" writes
 * the sync status once, at its end (run-state.ts); but a slow provider then kept a running sync
 * shown as `ok` with the last run's counts until its first page was committed (10-12 s against
 * a provider answering in 8 s). The mark is a write of its own, so it is made only once a run
 * has gone RUNNING_MARK_AFTER_MS without a write: longer than a provider takes to answer "no
 * changes" (milliseconds against the emulators, a few hundred against Google), so that such a
 * run still writes once (test/sync/unchanged-run-writes.test.ts, bench/idle-writes.ts). A mark
 * at every start would double those writes; reading the queue's active jobs at status time would
 * leave out `calintel sync` and needs both queues to list them.
 */

/** How long a run with a cursor may go without writing before it is marked syncing. */
export const RUNNING_MARK_AFTER_MS = 1_000;

export class RunningMark {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;

  /** `write` records the mark; its failure is ignored (the status only shows syncing later). */
  private constructor(private readonly write: () => Promise<unknown>) {}

  /** Marks the run after `afterMs` (0: now) unless it is settled first. */
  static after(afterMs: number, write: () => Promise<unknown>): RunningMark {
    const mark = new RunningMark(write);
    if (afterMs <= 0) mark.fire();
    else {
      mark.timer = setTimeout(() => mark.fire(), afterMs);
      // A pending mark must not keep a process that is otherwise done alive.
      mark.timer.unref();
    }
    return mark;
  }

  /**
   * Called before the run's own status writes (its claim, its end): a mark not yet made is
   * dropped, and one being written is waited for, so that it never lands after them.
   */
  async settle(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }

  private fire(): void {
    this.timer = undefined;
    this.writing = this.write().then(
      () => undefined,
      () => undefined,
    );
  }
}
