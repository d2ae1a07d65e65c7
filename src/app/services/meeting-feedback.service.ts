/**
 * Feedback on a detection: stored with a snapshot of what the model read and the identity of its
 * meeting (which outlives the event's row), applied at once to the meeting and to the other
 * instances of its recurring series (or, for a single meeting, to its copies on the user's other
 * calendars), and handed to the organisation's model adaptation (a queued job).
 */
import type { FeedbackInput, FeedbackResult } from '../../api/meetings-schemas.js';
import { AccountHistoryTracker } from '../../domain/detection/account-history.js';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import { meetingIdentity } from '../../store/meeting-identity.js';
import type { OrgScope, Scope, Store, StoredEvent } from '../../store/store.js';
import type { FeedbackSnapshot } from '../meetings/adapt-model.js';
import type { DetectionSummary, MeetingDetector } from '../meetings/meeting-detector.js';
import { calendarOwnersOf, toMeetingInput } from '../meetings/meeting-input.js';
import { toMeetingView } from '../meetings/meeting-views.js';
import type { OrganisationAnalysis } from '../meetings/organisation-analysis.js';

export class MeetingFeedbackService {
  constructor(
    private readonly store: Store,
    private readonly detector: MeetingDetector,
    /** The app's clock: when the feedback was given. */
    private readonly clock: () => Date,
    private readonly queueAdaptation: (scope: OrgScope) => Promise<string | null>,
    /** After detection outside the user's job queue: their next job reads everything. */
    private readonly afterOutOfTurnRun: (scope: Scope) => Promise<void>,
    /**
     * What depends on meetings (relationships, conflicts) catches up with this run's changes:
     * the job queued after it finds the meetings already as the verdict left them, so it would
     * not name their accounts.
     */
    private readonly followUp: (scope: Scope, summary: DetectionSummary) => Promise<void>,
  ) {}

  /** `id` is the meeting's id, or its event's (to confirm an event detection missed). */
  async give(scope: Scope, id: string, input: FeedbackInput): Promise<FeedbackResult> {
    if (input.verdict !== 'confirm' && input.meetingType)
      throw invalidInput('body.meetingType: only with verdict "confirm"');
    const meeting =
      (await this.store.meetings.get(scope, id)) ??
      (await this.store.meetings.getByEvent(scope, id));
    const stored = await this.store.events.get(scope, meeting?.eventId ?? id);
    // Another tenant's id looks exactly like an id that does not exist.
    if (!stored) throw notFound(`meeting ${id}`);
    if (stored.event.status === 'cancelled')
      throw new AppError('conflict', 'the event is cancelled, so it is not a meeting');
    if ((await calendarOwnersOf(this.store, scope)).othersCalendars.has(stored.calendarId))
      throw new AppError(
        'conflict',
        "the event is on another person's calendar shared with you: it is their meeting, not yours",
      );
    const org = await this.detector.organisation(scope);
    await this.store.meetings.recordFeedback(
      scope,
      {
        eventId: stored.id,
        meetingId: meeting?.id ?? null,
        seriesId: stored.event.seriesId,
        meetingIdentity: meetingIdentity(stored.calendarId, stored.event),
        verdict: input.verdict,
        meetingType: input.meetingType ?? null,
        // A withdrawn word teaches the model nothing (adapt-model.ts), so nothing is read for it.
        snapshot: input.verdict === 'withdraw' ? null : await this.snapshot(scope, stored, org),
      },
      this.clock(),
    );
    const { seriesId } = stored.event;
    // The events the verdict is about: a series' instances on all the user's calendars (by its
    // series id, and by its UID where another provider names the series otherwise), or a single
    // meeting's copies (the same UID and original start on the user's other calendars;
    // FeedbackVerdicts).
    const events = seriesId
      ? await this.store.meetings.seriesCopies(scope, stored)
      : await this.store.meetings.sameMeetingEvents(scope, stored);
    // A verdict can make or unmake a sales meeting, and so move every later meeting of its
    // account in that account's history, which no change-log entry tells the next job.
    let summary: DetectionSummary;
    try {
      summary = await this.detector.detectEvents(scope, events, org);
    } finally {
      await this.afterOutOfTurnRun(scope);
    }
    await this.followUp(scope, summary);
    const updated = await this.store.meetings.getByEvent(scope, stored.id);
    // A confirmation or rejection always leaves a meeting; a withdrawal leaves the model's word.
    if (!updated && input.verdict !== 'withdraw')
      throw new AppError('internal', `feedback on ${stored.id} left no meeting`, true);
    return {
      meeting: updated ? toMeetingView(updated, stored.event) : null,
      // Other instances of the series: copies of an instance on the user's other calendars, as
      // copies of a single meeting, are the same meeting (its identity).
      propagatedTo: seriesId ? otherInstances(stored, events) : 0,
      adaptationJobId: await this.queueAdaptation(scope),
    };
  }

  /** What the model read about the event now, so that adaptation can learn from it later. */
  private async snapshot(
    scope: Scope,
    stored: StoredEvent,
    org: OrganisationAnalysis,
  ): Promise<FeedbackSnapshot> {
    const input = toMeetingInput(stored, await calendarOwnersOf(this.store, scope));
    const history = new AccountHistoryTracker(
      await this.store.meetings.accountHistoryBefore(scope, input.start),
    ).before(matchMeeting(input, org.analyser.index).accountId, input.start);
    return { input, history: history ?? null };
  }
}

/** How many meetings of `events` other than `stored`'s own are live (by their identity). */
function otherInstances(stored: StoredEvent, events: readonly StoredEvent[]): number {
  const own = meetingIdentity(stored.calendarId, stored.event);
  const others = new Set<string>();
  for (const e of events) {
    if (e.event.status === 'cancelled') continue;
    const identity = meetingIdentity(e.calendarId, e.event);
    if (identity !== own) others.add(identity);
  }
  return others.size;
}
