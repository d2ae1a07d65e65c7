/**
 * What a sync run tells the operator's log: every failure in one line (which calendar, what
 * class of error, what happens next), and a long run (a first sync of a large calendar) when it
 * gets long and when it ends or is stopped, with its counts. Short runs that succeed say nothing:
 * thousands of calendars sync every few minutes.
 */
import type { SyncOutcome, SyncTarget } from './sync-store.js';

/** The part of a structured logger (pino's) a run writes to. */
export interface SyncLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Events read by a run before it counts as long and is logged. */
export const LONG_RUN_EVENTS = 5_000;

export class RunLog {
  private long = false;

  constructor(
    private readonly logger: SyncLogger | undefined,
    private readonly target: SyncTarget,
    private readonly startedAt: Date,
    private readonly longAfter = LONG_RUN_EVENTS,
  ) {}

  /** After each committed page: the first time the run passes longAfter events, it says so. */
  page(outcome: SyncOutcome): void {
    if (this.long || eventsRead(outcome) < this.longAfter) return;
    this.long = true;
    this.logger?.info(
      { ...this.about(), ...counts(outcome), fromCursor: this.target.cursor !== null },
      this.target.cursor === null
        ? 'long sync under way (a full listing)'
        : 'long sync under way (carrying on from its saved cursor)',
    );
  }

  finished(outcome: SyncOutcome, at: Date): void {
    if (!this.long) return;
    this.logger?.info(
      { ...this.about(), ...counts(outcome), seconds: this.seconds(at) },
      'long sync finished',
    );
  }

  /** Stopped from outside (shutdown, a lost lease): what was committed stays, the rest follows. */
  stopped(outcome: SyncOutcome, at: Date): void {
    this.logger?.info(
      { ...this.about(), ...counts(outcome), seconds: this.seconds(at) },
      'sync stopped before its end; the next run resumes from its last committed page',
    );
  }

  failed(
    error: unknown,
    failure: { kind: string; message: string },
    nextRunAt: Date | null,
    at: Date,
  ): void {
    this.logger?.warn(
      {
        ...this.about(),
        errorKind: failure.kind,
        errorClass: error instanceof Error ? error.name : typeof error,
        error: failure.message,
        failures: this.target.consecutiveFailures + 1,
        seconds: this.seconds(at),
        next: nextRunAt
          ? `retried at ${nextRunAt.toISOString()}`
          : 'not retried until its connection is reconnected',
      },
      'calendar sync failed',
    );
  }

  private about() {
    return {
      calendarId: this.target.calendarId,
      connectionId: this.target.connection.id,
      provider: this.target.provider,
      userId: this.target.scope.userId,
    };
  }

  private seconds(at: Date): number {
    return Math.round((at.getTime() - this.startedAt.getTime()) / 100) / 10;
  }
}

function eventsRead(outcome: SyncOutcome): number {
  return outcome.added + outcome.updated + outcome.unchanged + outcome.deleted;
}

function counts(outcome: SyncOutcome) {
  return {
    pages: outcome.pages,
    added: outcome.added,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    deleted: outcome.deleted,
  };
}
