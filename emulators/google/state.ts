/**
 * The emulator's data: users, their calendars, and every change to them, numbered by one
 * change sequence. Every mutation (seed, control API, programmatic) goes through here, so the
 * stored events, the expanded instances, the sync tokens and the push notifications cannot
 * drift apart.
 */
import { CalendarStore } from './calendar-store.js';
import { completeEvent, copy, newEventId, patchEvent } from './event-fields.js';
import { badRequest, GoogleApiError, notFound } from './errors.js';
import { materializeGroup } from './materialize.js';
import type { EmulatorSettings } from './settings.js';
import { SyncTokens } from './sync-tokens.js';
import { instanceSuffix, originalKey, validZone } from './times.js';
import type {
  CalendarInfo,
  GoogleEvent,
  GoogleEventInput,
  GoogleEventPatch,
  GoogleSeed,
  GoogleSeedCalendar,
  GooglePerson,
} from './types.js';

const DAY_MS = 86_400_000;

export type ResourceState = 'exists' | 'not_exists';
export type ChangeListener = (calendarId: string, state: ResourceState) => void;

export interface SeededUser {
  email: string;
  name: string;
}

export class EmulatorState {
  readonly users = new Map<string, SeededUser>();
  readonly calendars = new Map<string, CalendarStore>();
  readonly syncTokens = new SyncTokens();
  private seq = 0;
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly settings: EmulatorSettings,
    private readonly nowMs: () => number,
  ) {}

  get currentSeq(): number {
    return this.seq;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Forgets everything and loads the seed again (the change sequence keeps counting). */
  load(seed: GoogleSeed): void {
    this.users.clear();
    this.calendars.clear();
    this.syncTokens.invalidate();
    const seq = ++this.seq;
    for (const user of seed.users) {
      this.users.set(user.email, { email: user.email, name: user.name ?? user.email });
      const calendars = user.calendars ?? [{ id: user.email, primary: true }];
      for (const calendar of calendars) this.seedCalendar(user.email, calendar, seq);
    }
  }

  private seedCalendar(owner: string, seed: GoogleSeedCalendar, seq: number): void {
    const cal = this.addCalendarStore(owner, seed);
    const events = seed.events ?? [];
    // Masters before exceptions, so an exception's default id can name its master.
    const ordered = [...events].sort(
      (a, b) => Number(Boolean(a.recurringEventId)) - Number(Boolean(b.recurringEventId)),
    );
    for (const input of ordered) cal.putRecord(this.complete(cal, input), seq);
    cal.updatedMs = this.nowMs();
    const groups = new Set([...cal.records.values()].map((r) => cal.groupOf(r.event)));
    for (const group of groups) this.materialize(cal, group, seq);
  }

  /** Hides a calendar from its user's list, or shows it again (Google's "Hide from list"). */
  setCalendarHidden(calendarId: string, hidden: boolean): CalendarInfo {
    const { info } = this.mustCalendar(calendarId);
    if (hidden) info.hidden = true;
    else delete info.hidden;
    return copy(info);
  }

  /** Adds a calendar to a seeded user (also used to test a calendar that appears later). */
  addCalendar(owner: string, seed: GoogleSeedCalendar): CalendarInfo {
    if (!this.users.has(owner)) throw notFound(`unknown user ${owner}`);
    const seq = ++this.seq;
    this.seedCalendar(owner, seed, seq);
    return copy(this.mustCalendar(seed.id).info);
  }

  private addCalendarStore(owner: string, seed: GoogleSeedCalendar): CalendarStore {
    if (this.calendars.has(seed.id)) throw badRequest(`calendar ${seed.id} already exists`);
    const cal = new CalendarStore({
      id: seed.id,
      summary: seed.summary ?? seed.id,
      ...(seed.description ? { description: seed.description } : {}),
      timeZone: validZone(seed.timeZone, 'UTC'),
      primary: seed.primary ?? false,
      accessRole: seed.accessRole ?? 'owner',
      ...(seed.hidden ? { hidden: true } : {}),
      owner,
    });
    cal.horizonMs = this.horizon();
    this.calendars.set(seed.id, cal);
    return cal;
  }

  calendarsOf(user: string): CalendarStore[] {
    return [...this.calendars.values()].filter((cal) => cal.info.owner === user);
  }

  /** The calendar a user asked for (`primary` included); 404 for anything they cannot see. */
  calendarFor(user: string, calendarId: string): CalendarStore {
    const mine = this.calendarsOf(user);
    const cal =
      calendarId === 'primary'
        ? (mine.find((c) => c.info.primary) ?? mine[0])
        : mine.find((c) => c.info.id === calendarId);
    if (!cal) throw notFound();
    return cal;
  }

  mustCalendar(calendarId: string): CalendarStore {
    const cal = this.calendars.get(calendarId);
    if (!cal) throw notFound(`unknown calendar ${calendarId}`);
    return cal;
  }

  /**
   * Re-expands unbounded series when the horizon has moved by a day or more: the clock went on,
   * or the horizon setting changed.
   */
  ensureHorizon(cal: CalendarStore): void {
    const horizon = this.horizon();
    if (Math.abs(horizon - cal.horizonMs) < DAY_MS) return;
    cal.horizonMs = horizon;
    const seq = ++this.seq;
    for (const [id, span] of cal.spans) {
      if (span.endMs === Infinity) this.materialize(cal, id, seq);
    }
  }

  addEvent(calendarId: string, input: GoogleEventInput): GoogleEvent {
    const cal = this.mustCalendar(calendarId);
    const event = this.complete(cal, input);
    if (cal.records.has(event.id))
      throw new GoogleApiError(409, {
        domain: 'global',
        reason: 'duplicate',
        message: 'The requested identifier already exists.',
      });
    return this.commit(cal, event);
  }

  /** Changes an event; an instance id without an exception yet becomes one (Google does so). */
  updateEvent(calendarId: string, eventId: string, patch: GoogleEventPatch): GoogleEvent {
    const cal = this.mustCalendar(calendarId);
    const base = this.editable(cal, eventId);
    const event = patchEvent(base, patch, this.nowMs());
    const cancelsSeries = event.status === 'cancelled' && Boolean(event.recurrence?.length);
    return this.commit(cal, event, cancelsSeries ? cal.exceptionsOf(event.id) : []);
  }

  moveEvent(
    calendarId: string,
    eventId: string,
    to: Pick<GoogleEvent, 'start' | 'end'>,
  ): GoogleEvent {
    if (!to.start || !to.end) throw badRequest('move needs start and end');
    return this.updateEvent(calendarId, eventId, { start: to.start, end: to.end });
  }

  /** Google's events.delete: the event (or one instance) becomes cancelled, a tombstone. */
  cancelEvent(calendarId: string, eventId: string): GoogleEvent {
    return this.updateEvent(calendarId, eventId, { status: 'cancelled' });
  }

  /**
   * Deletes as events.delete does; `purge` also forgets the tombstone, as Google does after a
   * while, which invalidates the calendar's sync tokens (they could no longer report it).
   */
  deleteEvent(calendarId: string, eventId: string, options: { purge?: boolean } = {}): void {
    const cal = this.mustCalendar(calendarId);
    const existing = cal.records.get(eventId)?.event;
    if (!existing || existing.status !== 'cancelled') this.cancelEvent(calendarId, eventId);
    if (!options.purge) return;
    const event = cal.records.get(eventId)?.event;
    if (!event || event.recurringEventId) throw badRequest('only whole events can be purged');
    for (const exception of cal.exceptionsOf(eventId)) cal.dropRecord(exception.id);
    cal.dropRecord(eventId);
    for (const id of cal.groups.get(eventId) ?? []) cal.instances.delete(id);
    cal.groups.delete(eventId);
    // Listings taken before this point (even one whose last page, and token, comes later)
    // included the purged event; no token can report its deletion any more.
    this.syncTokens.refuseBefore(calendarId, ++this.seq);
  }

  /** A stored event, or an instance id turned into a full event to start an exception from. */
  private editable(cal: CalendarStore, eventId: string): GoogleEvent {
    const record = cal.records.get(eventId);
    if (record) return record.event;
    const entry = cal.instances.get(eventId);
    if (entry?.live && entry.item.recurringEventId) return entry.item;
    throw notFound(`unknown event ${eventId}`);
  }

  private commit(
    cal: CalendarStore,
    event: GoogleEvent,
    alsoCancel: GoogleEvent[] = [],
  ): GoogleEvent {
    this.ensureHorizon(cal);
    const seq = ++this.seq;
    cal.putRecord(event, seq);
    cal.updatedMs = this.nowMs();
    for (const other of alsoCancel) {
      if (other.status !== 'cancelled')
        cal.putRecord(patchEvent(other, { status: 'cancelled' }, this.nowMs()), seq);
    }
    this.materialize(cal, cal.groupOf(event), seq);
    const state: ResourceState = event.status === 'cancelled' ? 'not_exists' : 'exists';
    for (const listener of this.listeners) listener(cal.info.id, state);
    return copy(event);
  }

  private materialize(cal: CalendarStore, groupId: string, seq: number): void {
    materializeGroup(cal, groupId, {
      seq,
      nowMs: this.nowMs(),
      horizonMs: cal.horizonMs,
      maxInstances: this.settings.maxInstancesPerSeries,
      deletedSeriesReportMs: this.settings.deletedSeriesReportDays * DAY_MS,
    });
  }

  private complete(cal: CalendarStore, input: GoogleEventInput): GoogleEvent {
    const id = input.id ?? this.defaultId(cal, input);
    const { owner, primary, summary } = cal.info;
    const user: GooglePerson = {
      email: owner,
      displayName: this.users.get(owner)?.name ?? owner,
      self: true,
    };
    const organizer = primary ? user : { email: cal.info.id, displayName: summary, self: true };
    const master = input.recurringEventId ? cal.records.get(input.recurringEventId) : undefined;
    return completeEvent(input, id, {
      nowMs: this.nowMs(),
      creator: user,
      organizer,
      calendarId: cal.info.id,
      ...(master?.event.iCalUID ? { seriesUid: master.event.iCalUID } : {}),
    });
  }

  /** Exceptions are named after their master and original start, as Google names instances. */
  private defaultId(cal: CalendarStore, input: GoogleEventInput): string {
    if (!input.recurringEventId) return newEventId();
    const key = originalKey(input.originalStartTime, cal.info.timeZone);
    if (!key) throw badRequest('an exception needs originalStartTime');
    return `${input.recurringEventId}_${instanceSuffix(key)}`;
  }

  private horizon(): number {
    return this.nowMs() + this.settings.expansionHorizonDays * DAY_MS;
  }
}
