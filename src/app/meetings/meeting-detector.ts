/**
 * Detection over stored events: each event of a user analysed in start order (so that each
 * account's history counts the sales meetings before it), users' feedback applied, and the
 * meetings table brought in step: new and changed meetings written, the rest removed.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AccountHistoryTracker } from '../../domain/detection/account-history.js';
import type { MeetingModels, MeetingType } from '../../domain/detection/analyse.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import type { MeetingDraft, OrgScope, Scope, Store, StoredEvent } from '../../store/store.js';
import { decideMeeting, FeedbackVerdicts, type Verdict } from './decide-meeting.js';
import { calendarOwnersOf, toMeetingInput, type CalendarOwners } from './meeting-input.js';
import type { OrganisationAnalysis } from './organisation-analysis.js';
import { settleUnderFeedback, type Decision } from './settle-under-feedback.js';
import { SharedOrganisationLoads } from './shared-organisation-loads.js';

export interface DetectionSummary {
  /** Events analysed. */
  analysed: number;
  /** Of those, sales meetings (detected, or confirmed by a user). */
  salesMeetings: number;
  byType: Partial<Record<MeetingType, number>>;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Relationships whose meetings were written or removed (before and after): to recompute. */
  relationshipKeys: string[];
}

/** Drafts are written in batches of this many, so that a large calendar is never held at once. */
const BATCH = 500;
const PAGE = 2000;
/**
 * Events analysed between two turns of the event loop. On SQLite every query of a run resolves
 * without one, so a run over 10,000 events (about half a second) held up API requests, webhooks
 * and syncs in the same process until it ended: push-to-visible p99 942-970 ms (BENCHMARKS.md).
 */
const EVENTS_PER_TURN = 200;

/** One run's state: the organisation, the user's feedback, the history so far, what to write. */
interface Run {
  scope: Scope;
  org: OrganisationAnalysis;
  owners: CalendarOwners;
  verdicts: FeedbackVerdicts;
  history: AccountHistoryTracker;
  /** Event ids that have a meeting now; each one not kept by this run is removed. */
  existing: Set<string>;
  /** What to write, settled under the feedback as it stands when written (flush). */
  decisions: Decision[];
  /** Of those, how many keep a meeting: a batch is written at BATCH of them. */
  drafts: number;
  /** Meetings of events the run did not analyse (deleted meanwhile): no verdict keeps them. */
  removals: string[];
  summary: DetectionSummary;
  touchedKeys: Set<string>;
  /** A stopping worker's: checked between batches, so that a shutdown never waits for a run. */
  signal: AbortSignal | undefined;
}

export class MeetingDetector {
  constructor(
    private readonly store: Store,
    private readonly models: () => MeetingModels,
    private readonly signal?: AbortSignal,
    /** Shared with the detectors stoppedBy makes: the jobs a CRM write queues share a load. */
    private readonly loads = new SharedOrganisationLoads(store),
  ) {}

  /**
   * This detector, stopping with the signal's reason between batches once it is aborted. What
   * a stopped run saved stands; the job that ran it is given back and reads it all again.
   */
  stoppedBy(signal: AbortSignal | undefined): MeetingDetector {
    return signal ? new MeetingDetector(this.store, this.models, signal, this.loads) : this;
  }

  /**
   * The organisation's analyser and adjustment: build once, use for many users and events; one
   * load for those who ask together (shared-organisation-loads.ts).
   */
  organisation(scope: OrgScope): Promise<OrganisationAnalysis> {
    return this.loads.load(scope, this.models());
  }

  /** Detects meetings among the user's events that overlap [from, to). */
  async detectRange(
    scope: Scope,
    range: { from: Date; to: Date },
    org?: OrganisationAnalysis,
  ): Promise<DetectionSummary> {
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    // The history starts from the meetings over before the range: one that overlaps its start
    // is analysed again below, and counting its stored version too would count it twice.
    const run = await this.startRun(
      scope,
      { before: from, endingBy: from, to },
      org,
      await this.store.meetings.eventIdsInRange(scope, { from, to }),
    );
    // Meetings in the range whose event moved before it: first, in start order, as where they
    // now are; the next run counts them among the meetings before the range, so this one must
    // count them before every meeting in it too.
    const movedBefore = await this.store.meetings.eventIdsMovedBefore(scope, { from, to });
    for (const stored of byStart(await this.store.events.getMany(scope, movedBefore)))
      await this.analyse(run, stored);
    let analysed = 0;
    for await (const stored of this.store.events.iterate(scope, { ...range, limit: PAGE })) {
      await this.analyse(run, stored);
      if (++analysed % EVENTS_PER_TURN === 0) await pause(run);
    }
    // Meetings in the range whose event was not listed: moved out of it (past its end; those
    // moved before it went first), or deleted meanwhile.
    const movedOut = await this.store.events.getMany(scope, [...run.existing]);
    for (const stored of byStart(movedOut)) await this.analyse(run, stored);
    run.removals.push(...run.existing);
    return this.finish(run);
  }

  /**
   * Detects meetings among these events of the user (a series a user gave feedback on). The
   * history counts the stored meetings before `historyFrom` (default: the first event's start)
   * and those among the events; meetings of other events in between are not counted, so a
   * caller that needs exact histories passes every later meeting of the accounts concerned
   * (detectChanged).
   */
  async detectEvents(
    scope: Scope,
    events: readonly StoredEvent[],
    org?: OrganisationAnalysis,
    historyFrom?: string,
  ): Promise<DetectionSummary> {
    const sorted = byStart(events);
    const first = sorted[0];
    if (!first) return emptySummary();
    const existing = await this.store.meetings.withMeetings(
      scope,
      sorted.map((e) => e.id),
    );
    const history = { before: historyFrom ?? first.event.start };
    const run = await this.startRun(scope, history, org, existing);
    let analysed = 0;
    for (const stored of sorted) {
      await this.analyse(run, stored);
      if (++analysed % EVENTS_PER_TURN === 0) await pause(run);
    }
    return this.finish(run);
  }

  /**
   * Detection after a sync changed these events (none deleted): they, and every sales meeting
   * of the accounts they concern (before or after the change) from the earliest of them on,
   * because a meeting's type reads how many meetings its account had before it. Within `range`
   * as detectRange reads it: an event that overlaps it or whose meeting does, and later
   * meetings that start in it. Each analysed event ends as a full run over `range` would leave
   * it; the user's other events cannot change and are not read.
   */
  async detectChanged(
    scope: Scope,
    range: { from: Date; to: Date },
    changed: readonly StoredEvent[],
  ): Promise<DetectionSummary> {
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    const places = await this.store.meetings.placesOf(
      scope,
      changed.map((stored) => stored.id),
    );
    const inRange = (span: { start: string; end: string } | undefined) =>
      span !== undefined && span.end > from && span.start < to;
    const reached = changed.filter(
      (stored) => inRange(stored.event) || inRange(places.get(stored.id)),
    );
    if (reached.length === 0) return emptySummary();
    // What reaches back before the range's start meets what a full run treats apart there
    // (meetings over its start analysed again, moved out before it analysed first): a full run.
    const beforeRange = (span: { start: string } | undefined) =>
      span !== undefined && span.start < from;
    if (reached.some((stored) => beforeRange(stored.event) || beforeRange(places.get(stored.id))))
      return this.detectRange(scope, range);
    const org = await this.organisation(scope);
    const owners = await calendarOwnersOf(this.store, scope);
    const accounts = new Set<string>();
    let earliest = to;
    for (const stored of reached) {
      const place = places.get(stored.id);
      if (place?.accountId) accounts.add(place.accountId);
      if (place && place.start < earliest) earliest = place.start;
      const accountId = matchMeeting(toMeetingInput(stored, owners), org.analyser.index).accountId;
      if (accountId) accounts.add(accountId);
      if (stored.event.start < earliest) earliest = stored.event.start;
    }
    // The stored meetings that start before the earliest change are as a full run leaves them.
    const historyFrom = earliest;
    const known = new Set(reached.map((stored) => stored.id));
    const later = accounts.size
      ? await this.store.meetings.eventIdsOfAccountsBetween(scope, [...accounts], {
          from: historyFrom,
          to,
        })
      : [];
    const others = await this.store.events.getMany(
      scope,
      later.filter((id) => !known.has(id)),
    );
    return this.detectEvents(scope, [...reached, ...others], org, historyFrom);
  }

  private async startRun(
    scope: Scope,
    history: { before: string; endingBy?: string; to?: string },
    org: OrganisationAnalysis | undefined,
    existing: readonly string[],
  ): Promise<Run> {
    const { before, ...seed } = history;
    return {
      scope,
      org: org ?? (await this.organisation(scope)),
      owners: await calendarOwnersOf(this.store, scope),
      verdicts: new FeedbackVerdicts(await this.store.meetings.userFeedback(scope)),
      history: new AccountHistoryTracker(
        await this.store.meetings.accountHistoryBefore(scope, before, seed),
      ),
      existing: new Set(existing),
      decisions: [],
      drafts: 0,
      removals: [],
      summary: emptySummary(),
      touchedKeys: new Set(),
      signal: this.signal,
    };
  }

  private async analyse(run: Run, stored: StoredEvent): Promise<void> {
    if (run.owners.othersCalendars.has(stored.calendarId)) return this.passOver(run, stored);
    const { analyser, adjustment, modelVersion } = run.org;
    const input = toMeetingInput(stored, run.owners);
    const verdict = run.verdicts.for(stored);
    const history = run.history.before(matchMeeting(input, analyser.index).accountId, input.start);
    const under = (given: Verdict | null) =>
      decideMeeting(
        stored,
        analyser.analyse(input, {
          ...(history ? { history } : {}),
          adjustment,
          // A confirmed meeting needs a type even where the model sees no sale.
          alwaysType: given?.verdict === 'confirm',
        }),
        given,
        modelVersion,
      );
    const draft = under(verdict);
    run.summary.analysed += 1;
    const had = run.existing.delete(stored.id);
    // An event that keeps no meeting and had none is not written, so no verdict is overwritten.
    if (draft || had) run.decisions.push({ stored, verdict, draft, under });
    if (draft) {
      run.drafts += 1;
      if (draft.isSalesMeeting) this.count(run, draft);
    }
    if (run.drafts >= BATCH) await this.flush(run);
  }

  /**
   * An event of another person's calendar shared with the user (others-calendars.ts): never the
   * user's meeting, whatever the model or a verdict says; one it had (detected before calendars
   * were told apart) goes, as an event that no longer is a meeting.
   */
  private passOver(run: Run, stored: StoredEvent): void {
    if (!run.existing.delete(stored.id)) return;
    run.decisions.push({ stored, verdict: null, draft: null, under: () => null });
  }

  private count(run: Run, draft: MeetingDraft): void {
    run.history.record(draft.accountId, draft.start);
    run.summary.salesMeetings += 1;
    const type = draft.meetingType ?? 'other';
    run.summary.byType[type] = (run.summary.byType[type] ?? 0) + 1;
  }

  private async flush(run: Run): Promise<void> {
    run.signal?.throwIfAborted();
    const { decisions, removals } = run;
    const saved = await this.store.meetings.saveSettled(run.scope, (feedback) => {
      const settled = settleUnderFeedback(decisions, feedback);
      return { drafts: settled.drafts, removals: [...settled.removals, ...removals] };
    });
    run.summary.created += saved.created;
    run.summary.updated += saved.updated;
    run.summary.unchanged += saved.unchanged;
    run.summary.removed += saved.removed;
    for (const key of saved.touchedKeys) run.touchedKeys.add(key);
    run.decisions = [];
    run.drafts = 0;
    run.removals = [];
  }

  private async finish(run: Run): Promise<DetectionSummary> {
    await this.flush(run);
    run.summary.relationshipKeys = [...run.touchedKeys].sort();
    return run.summary;
  }
}

/** Lets the event loop turn (a request, a timer), then stops if the run was told to. */
async function pause(run: Run): Promise<void> {
  await nextTurn();
  run.signal?.throwIfAborted();
}

function byStart(events: readonly StoredEvent[]): StoredEvent[] {
  return [...events].sort(
    (a, b) => a.event.start.localeCompare(b.event.start) || a.id.localeCompare(b.id),
  );
}

export function emptySummary(): DetectionSummary {
  return {
    analysed: 0,
    salesMeetings: 0,
    byType: {},
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    relationshipKeys: [],
  };
}

/** Adds `more` into `total` (several users' runs into one report). */
export function addSummary(total: DetectionSummary, more: DetectionSummary): DetectionSummary {
  total.analysed += more.analysed;
  total.salesMeetings += more.salesMeetings;
  total.created += more.created;
  total.updated += more.updated;
  total.unchanged += more.unchanged;
  total.removed += more.removed;
  total.relationshipKeys = [...new Set([...total.relationshipKeys, ...more.relationshipKeys])];
  for (const [type, count] of Object.entries(more.byType) as [MeetingType, number][])
    total.byType[type] = (total.byType[type] ?? 0) + count;
  return total;
}
