/**
 * Conflicts kept in step with synced calendars, incrementally: the change log says which days a
 * person's calendars changed on since the last pass, and only those days are recomputed (the
 * first pass covers the sync window once). Each recomputation loads every event that can take
 * part in a conflict there, finds the conflicts, and reconciles them with the stored ones, so
 * decisions stick and what went away is cleared.
 */
import {
  availabilityFromEvents,
  detectConflicts,
  identityOf,
  isOver,
  type Conflict,
  type ConflictEvent,
  type ConflictSettings,
  type EventSnapshot,
} from '../../domain/conflicts/index.js';
import type { ConflictDraft, Scope, Store, StoredConflict } from '../../store/store.js';
import { loadConflictEvents, type LoadedEvent } from './conflict-events.js';
import { recordClearances } from './conflict-clearance.js';
import { eventSnapshotOf, eventStateOf } from './conflict-snapshot.js';
import { conflictsSuggestingInto } from './stale-suggestions.js';
import { spansOfChange, touchedDays, type TimeSpan } from './touched-spans.js';

const DAY_MS = 86_400_000;
const CHANGES_PAGE = 1000;
/** How far beyond a recomputed span events are read (longer than any trip between meetings). */
const DETECTION_MARGIN_MS = DAY_MS;
/** A window grows to cover the events that reach out of it, a few times at most. */
const MAX_WIDENINGS = 4;

export interface ScanSummary {
  spans: number;
  events: number;
  found: number;
  opened: number;
  cleared: number;
}

/** What a pass needs besides the store: the organisation's settings and what to do with news. */
export interface ScanContext {
  settings: ConflictSettings;
  /** Emails of the organisation's users: whose calendars can be read for reschedule slots. */
  colleagues: ReadonlyMap<string, Scope>;
  now: number;
  /** The sync window: what a first pass covers. */
  window: TimeSpan;
  /** Called with every conflict a pass found that is open after it (what a policy acts on). */
  onOpen?: (open: StoredConflict[]) => Promise<void>;
  /**
   * A stopping worker's: checked before each day, so that a shutdown never waits for a whole
   * pass. The cursor is saved only at the end, so the job, given back, does the pass again.
   */
  signal?: AbortSignal;
}

export class ConflictScanner {
  constructor(private readonly store: Store) {}

  /** Recomputes the days the person's changes touched since the last pass. */
  async scan(scope: Scope, owner: string, context: ScanContext): Promise<ScanSummary> {
    const cursor = await this.store.conflicts.scanCursor(scope);
    // A first pass covers the whole sync window; it still reads the log, for where to go on from.
    const first = cursor === undefined;
    const { spans, next } = await this.changedSpans(scope, cursor ?? null, !first);
    const days = first
      ? touchedDays([context.window])
      : touchedDays([...spans, ...(await this.staleAfter(scope, spans, context))]);
    const summary: ScanSummary = { spans: days.length, events: 0, found: 0, opened: 0, cleared: 0 };
    for (const span of days) {
      context.signal?.throwIfAborted();
      const outcome = await this.recompute(scope, owner, span, context);
      summary.events += outcome.events;
      summary.found += outcome.found;
      summary.opened += outcome.opened;
      summary.cleared += outcome.cleared;
    }
    await this.store.conflicts.saveScanCursor(scope, next, new Date(context.now));
    return summary;
  }

  /**
   * The open conflicts whose suggested slots lie in the days the changes touched: the slot may
   * be taken now, so they are recomputed too (stale-suggestions.ts).
   */
  private async staleAfter(
    scope: Scope,
    spans: readonly TimeSpan[],
    context: ScanContext,
  ): Promise<TimeSpan[]> {
    const horizonMs = context.settings.slotSearchDays * DAY_MS;
    return conflictsSuggestingInto(this.store, scope, touchedDays(spans), horizonMs);
  }

  /** The spans of every change after `cursor`, and the cursor to continue from. */
  private async changedSpans(
    scope: Scope,
    cursor: string | null,
    collect: boolean,
  ): Promise<{ spans: TimeSpan[]; next: string | null }> {
    const spans: TimeSpan[] = [];
    let since = cursor;
    for (;;) {
      const page = await this.store.changes.list(scope, { since, limit: CHANGES_PAGE });
      if (collect) {
        const ids = page.items.map((c) => c.eventId).filter((id): id is string => id !== null);
        const current = new Map(
          (await this.store.events.getMany(scope, ids)).map((s) => [s.id, s.event]),
        );
        for (const item of page.items)
          spans.push(
            ...spansOfChange(item.change, item.eventId ? current.get(item.eventId) : undefined),
          );
      }
      if (page.items.length < CHANGES_PAGE) return { spans, next: page.nextCursor ?? since };
      since = page.nextCursor;
    }
  }

  /** Finds the conflicts of `span` again and brings the stored ones in step. */
  async recompute(
    scope: Scope,
    owner: string,
    span: TimeSpan,
    context: ScanContext,
  ): Promise<{ events: number; found: number; opened: number; cleared: number }> {
    const horizonMs = context.settings.slotSearchDays * DAY_MS;
    // Detected a day beyond the span on each side, reconciled within it: a trip from an event
    // just outside the span to one inside it is found, so its stored conflict is not cleared.
    const { window, loaded } = await this.loadAround(
      scope,
      owner,
      { from: span.from - DETECTION_MARGIN_MS, to: span.to + DETECTION_MARGIN_MS },
      horizonMs,
    );
    const inWindow = loaded.filter(
      (e) => e.conflict.start < window.to && e.conflict.end > window.from,
    );
    const conflicts = await this.detect(owner, inWindow, loaded, window, context, horizonMs);
    const times = new Map(
      loaded.map((e) => [e.stored.id, `${e.stored.event.start}/${e.stored.event.end}`]),
    );
    const states = new Map(loaded.map((e) => [e.stored.id, eventStateOf(e.stored.event)]));
    const identities = new Map(loaded.map((e) => [e.stored.id, identityOf(e.conflict)]));
    const snapshots = new Map(loaded.map((e) => [e.stored.id, eventSnapshotOf(e.stored)]));
    const outcome = await this.store.conflicts.reconcile(
      scope,
      { from: iso(span.from), to: iso(span.to) },
      conflicts.map((c) => toDraft(c, times, states, identities, snapshots)),
      new Date(context.now),
    );
    const zone = context.settings.timeZoneOf(owner) ?? context.settings.defaultTimeZone;
    await recordClearances(this.store, scope, outcome.clearedConflicts, zone);
    // A conflict whose events have all ended is past: nothing for the policy to act on.
    const ends = new Map(loaded.map((e) => [e.stored.id, e.conflict.end]));
    const ahead = outcome.open.filter(
      (c) => !isOver(eventEnds(c.eventIds, ends), Date.parse(c.end), context.now),
    );
    if (ahead.length > 0) await context.onOpen?.(ahead);
    return {
      events: inWindow.length,
      found: conflicts.length,
      opened: outcome.opened.length,
      cleared: outcome.cleared,
    };
  }

  /**
   * The owner's events from the span's start to its end plus the reschedule horizon, the span
   * widened until no event reaches out of it (an overlap group is then whole).
   */
  private async loadAround(
    scope: Scope,
    owner: string,
    span: TimeSpan,
    horizonMs: number,
  ): Promise<{ window: TimeSpan; loaded: LoadedEvent[] }> {
    const window = { ...span };
    let loaded: LoadedEvent[] = [];
    let loadedFrom = Number.POSITIVE_INFINITY;
    for (let i = 0; i < MAX_WIDENINGS; i++) {
      if (window.from < loadedFrom) {
        loaded = await loadConflictEvents(this.store, scope, owner, {
          from: window.from,
          to: window.to + horizonMs,
        });
        loadedFrom = window.from;
      }
      const touching = loaded.filter(
        (e) => e.conflict.start < window.to && e.conflict.end > window.from,
      );
      const from = Math.min(window.from, ...touching.map((e) => e.conflict.start));
      const to = Math.max(window.to, ...touching.map((e) => e.conflict.end));
      if (from === window.from && to === window.to) break;
      window.from = from;
      window.to = to;
    }
    return { window, loaded };
  }

  /**
   * Detection, twice when colleagues are involved: the second pass knows the busy time of the
   * organisation's users who attend a conflicting meeting, so a suggested slot suits them too.
   */
  private async detect(
    owner: string,
    inWindow: readonly LoadedEvent[],
    loaded: readonly LoadedEvent[],
    window: TimeSpan,
    context: ScanContext,
    horizonMs: number,
  ): Promise<Conflict[]> {
    const events = inWindow.map((e) => e.conflict);
    const ownerBusy = loaded.map((e) => e.conflict);
    const first = detectConflicts(
      events,
      context.settings,
      availabilityFromEvents(ownerBusy, [owner]),
      context.now,
    );
    const colleagues = await this.readableColleagues(this.colleaguesIn(first, events, context));
    if (colleagues.length === 0) return first;
    const theirs: ConflictEvent[] = [];
    for (const [email, scope] of colleagues) {
      const events = await loadConflictEvents(this.store, scope, email, {
        from: window.from,
        to: window.to + horizonMs,
      });
      theirs.push(...events.map((e) => e.conflict));
    }
    // Colleagues whose calendars were read count as known even when free the whole time.
    return detectConflicts(
      events,
      context.settings,
      availabilityFromEvents(
        [...ownerBusy, ...theirs],
        [owner, ...colleagues.map(([email]) => email)],
      ),
      context.now,
    );
  }

  /**
   * The colleagues calintel can see the calendars of. A user with no calendar connected (or only
   * calendars turned off or gone at the provider) has no busy time to read: counted as known, an
   * empty calendar would read as free the whole time, and a slot would be promised for them.
   */
  private async readableColleagues(
    colleagues: ReadonlyArray<[string, Scope]>,
  ): Promise<Array<[string, Scope]>> {
    const readable: Array<[string, Scope]> = [];
    for (const [email, scope] of colleagues) {
      const calendars = await this.store.calendars.list(scope);
      if (calendars.some((c) => c.selected && c.missingSince === null))
        readable.push([email, scope]);
    }
    return readable;
  }

  private colleaguesIn(
    conflicts: readonly Conflict[],
    events: readonly ConflictEvent[],
    context: ScanContext,
  ): Array<[string, Scope]> {
    const byId = new Map(events.map((e) => [e.id, e]));
    const found = new Map<string, Scope>();
    for (const conflict of conflicts)
      for (const id of conflict.eventIds)
        for (const attendee of byId.get(id)?.attendees ?? []) {
          const email = attendee.email.toLowerCase();
          const scope = context.colleagues.get(email);
          if (scope && email !== conflict.owner) found.set(email, scope);
        }
    return [...found];
  }
}

function eventEnds(ids: readonly string[], ends: ReadonlyMap<string, number>): number[] {
  return ids.flatMap((id) => {
    const end = ends.get(id);
    return end === undefined ? [] : [end];
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A conflict as stored: times as ISO text, the rest as the API shows it, with each event's state
 * (eventStateOf) as the pass saw it, which a write-back checks the event against, and each
 * event's identity (what its fingerprint is made of; absent: its id).
 */
export function toDraft(
  conflict: Conflict,
  times: ReadonlyMap<string, string>,
  states: ReadonlyMap<string, string> = new Map(),
  identities: ReadonlyMap<string, string> = new Map(),
  snapshots: ReadonlyMap<string, EventSnapshot> = new Map(),
): ConflictDraft {
  return {
    key: conflict.key,
    kind: conflict.kind,
    severity: conflict.severity,
    start: iso(conflict.start),
    end: iso(conflict.end),
    eventIds: conflict.eventIds,
    eventIdentities: conflict.eventIds.map((id) => identities.get(id) ?? id),
    autoResolvable: conflict.autoResolvable,
    details: {
      owner: conflict.owner,
      reasons: conflict.reasons,
      suggestions: conflict.suggestions.map((s) => ({
        ...s,
        ...(s.to ? { to: { start: iso(s.to.start), end: iso(s.to.end) } } : {}),
      })),
      priorities: conflict.priorities,
      ...(conflict.travel ? { travel: conflict.travel } : {}),
      states: Object.fromEntries(conflict.eventIds.map((id) => [id, states.get(id) ?? ''])),
      // What a cleared conflict shows of its events: them as they were while it was open.
      snapshot: Object.fromEntries(
        conflict.eventIds.flatMap((id) => {
          const snapshot = snapshots.get(id);
          return snapshot ? [[id, snapshot]] : [];
        }),
      ),
    },
    eventTimes: conflict.eventIds.map((id) => times.get(id) ?? ''),
  };
}
