/**
 * The emulator's data: one tenant's users, their calendars and every change to them, numbered by
 * one change sequence. Every mutation (seed, control API, programmatic) goes through here, so the
 * stored events, the expanded view, the delta tokens and the notifications cannot drift apart.
 */
import { CalendarData } from './calendar-data.js';
import { completeEvent, copy, patchEvent } from './event-fields.js';
import { GraphApiError, invalidRequest, notFound } from './errors.js';
import { newEventId, occurrenceICalUId, occurrenceId, stableGuid } from './ids.js';
import { materializeGroup } from './materialize.js';
import type { EmulatorSettings } from './settings.js';
import type {
  CalendarInfo,
  EventType,
  GraphEvent,
  GraphEventInput,
  GraphEventPatch,
  GraphSeed,
  GraphSeedCalendar,
} from './types.js';

const DAY_MS = 86_400_000;

export interface SeededUser {
  /** mail (the key of users). */
  email: string;
  /** The sign-in name: MSAL's username, the tokens' upn and preferred_username. */
  userPrincipalName: string;
  name: string;
  /** Directory object id (oid). */
  id: string;
}

export type ChangeType = 'created' | 'updated' | 'deleted';

export interface Change {
  calendarId: string;
  owner: string;
  /** The event resource that changed (a single event, a series master or an exception). */
  eventId: string;
  changeType: ChangeType;
}

export type ChangeListener = (change: Change) => void;

export const DEFAULT_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export class MailboxState {
  readonly users = new Map<string, SeededUser>();
  readonly calendars = new Map<string, CalendarData>();
  tenantId = DEFAULT_TENANT_ID;
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
  load(seed: GraphSeed): void {
    this.users.clear();
    this.calendars.clear();
    this.tenantId = seed.tenantId ?? DEFAULT_TENANT_ID;
    const seq = ++this.seq;
    for (const user of seed.users) {
      const email = user.email.toLowerCase();
      this.users.set(email, {
        email,
        userPrincipalName: (user.userPrincipalName ?? email).toLowerCase(),
        name: user.name ?? user.email,
        id: user.id ?? stableGuid(email),
      });
      const calendars = user.calendars ?? [{ name: 'Calendar', isDefaultCalendar: true }];
      calendars.forEach((calendar, i) =>
        this.seedCalendar(email, { isDefaultCalendar: i === 0, ...calendar }, seq),
      );
    }
  }

  private seedCalendar(owner: string, seed: GraphSeedCalendar, seq: number): CalendarData {
    const id = seed.id ?? `AAMkCal${stableGuid(`${owner}|${seed.name ?? 'Calendar'}`)}`;
    if (this.calendars.has(id)) throw invalidRequest(`calendar ${id} already exists`);
    const cal = new CalendarData({
      id,
      name: seed.name ?? 'Calendar',
      isDefaultCalendar: seed.isDefaultCalendar ?? false,
      color: 'auto',
      owner,
      ...sharing(seed),
    });
    cal.horizonMs = this.horizon();
    this.calendars.set(id, cal);
    // Masters before exceptions, so that an exception finds its series.
    const ordered = [...(seed.events ?? [])].sort(
      (a, b) => Number(Boolean(a.seriesMasterId)) - Number(Boolean(b.seriesMasterId)),
    );
    for (const input of ordered) cal.putRecord(this.complete(cal, input));
    const groups = new Set([...cal.records.values()].map((r) => cal.groupOf(r.event)));
    for (const group of groups) this.materialize(cal, group, seq);
    return cal;
  }

  addCalendar(owner: string, seed: GraphSeedCalendar): CalendarInfo {
    const user = this.mustUser(owner);
    return copy(this.seedCalendar(user.email, seed, ++this.seq).info);
  }

  mustUser(email: string): SeededUser {
    const user = this.users.get(email.toLowerCase());
    if (!user) throw notFound(`unknown user ${email}`);
    return user;
  }

  calendarsOf(user: string): CalendarData[] {
    return [...this.calendars.values()].filter((cal) => cal.info.owner === user);
  }

  defaultCalendar(user: string): CalendarData {
    const mine = this.calendarsOf(user);
    const cal = mine.find((c) => c.info.isDefaultCalendar) ?? mine[0];
    if (!cal) throw notFound('The mailbox has no calendar.');
    return cal;
  }

  /** The calendar a user asked for; 404 for anything outside their mailbox. */
  calendarFor(user: string, calendarId: string): CalendarData {
    const cal = this.calendars.get(calendarId);
    if (!cal || cal.info.owner !== user) throw notFound();
    return cal;
  }

  mustCalendar(calendarId: string): CalendarData {
    const cal = this.calendars.get(calendarId);
    if (!cal) throw notFound(`unknown calendar ${calendarId}`);
    return cal;
  }

  /** Re-expands series without end once the horizon has moved by a day or more. */
  ensureHorizon(cal: CalendarData): void {
    const horizon = this.horizon();
    if (Math.abs(horizon - cal.horizonMs) < DAY_MS) return;
    cal.horizonMs = horizon;
    const seq = ++this.seq;
    for (const group of cal.unbounded) this.materialize(cal, group, seq);
  }

  /** A single event, a series master (with `recurrence`) or an exception (`seriesMasterId`). */
  addEvent(calendarId: string, input: GraphEventInput): GraphEvent {
    const cal = this.mustCalendar(calendarId);
    const event = this.complete(cal, input);
    if (cal.records.has(event.id) || cal.view.get(event.id)?.live)
      throw new GraphApiError(409, 'ErrorDuplicateId', 'An item with this id already exists.');
    return this.commit(cal, event, 'created');
  }

  /** Changes an event; an occurrence becomes an exception (keeping its id), as in Outlook. */
  updateEvent(calendarId: string, eventId: string, patch: GraphEventPatch): GraphEvent {
    const cal = this.mustCalendar(calendarId);
    const base = this.editable(cal, eventId);
    const event = patchEvent(base, patch, this.nowMs());
    if (base.type === 'occurrence') event.type = 'exception';
    return this.commit(cal, event, 'updated');
  }

  moveEvent(
    calendarId: string,
    eventId: string,
    to: Pick<GraphEvent, 'start' | 'end'>,
  ): GraphEvent {
    return this.updateEvent(calendarId, eventId, { start: to.start, end: to.end });
  }

  /**
   * The organiser cancels: the event stays, `isCancelled: true` and "Canceled: " before the
   * subject, as an attendee's copy shows it. A master cancels every occurrence with it.
   */
  cancelEvent(calendarId: string, eventId: string): GraphEvent {
    const cal = this.mustCalendar(calendarId);
    const subject = this.editable(cal, eventId).subject ?? '';
    const cancelled = this.updateEvent(calendarId, eventId, {
      isCancelled: true,
      subject: subject.startsWith('Canceled: ') ? subject : `Canceled: ${subject}`,
    });
    if (cancelled.type === 'seriesMaster') {
      for (const exception of cal.exceptionsOf(eventId))
        if (!exception.isCancelled)
          this.updateEvent(calendarId, exception.id, { isCancelled: true });
    }
    return cancelled;
  }

  /** Deletes an event, a whole series, or one occurrence (it leaves the series). */
  deleteEvent(calendarId: string, eventId: string): void {
    const cal = this.mustCalendar(calendarId);
    const record = cal.records.get(eventId);
    const item = cal.view.get(eventId);
    const seq = ++this.seq;
    if (record && !record.event.seriesMasterId) {
      for (const exception of cal.exceptionsOf(eventId)) cal.dropRecord(exception.id);
      cal.dropRecord(eventId);
      this.materialize(cal, eventId, seq);
    } else if (item?.live && item.event.seriesMasterId) {
      const master = cal.records.get(item.event.seriesMasterId);
      if (!master) throw notFound();
      master.deletedOccurrences.add(Date.parse(item.event.originalStart ?? ''));
      cal.dropRecord(eventId);
      this.materialize(cal, item.event.seriesMasterId, seq);
    } else {
      throw notFound();
    }
    this.emit(cal, eventId, 'deleted');
  }

  /** A stored event, or an occurrence to start an exception from. */
  private editable(cal: CalendarData, eventId: string): GraphEvent {
    const record = cal.records.get(eventId);
    if (record) return record.event;
    const item = cal.view.get(eventId);
    if (item?.live && item.event.type === 'occurrence') return item.event;
    throw notFound();
  }

  private commit(cal: CalendarData, event: GraphEvent, changeType: ChangeType): GraphEvent {
    this.ensureHorizon(cal);
    const seq = ++this.seq;
    cal.putRecord(event);
    // A change to a master reaches its occurrences; exceptions keep their own fields.
    this.materialize(cal, cal.groupOf(event), seq);
    this.emit(cal, event.id, changeType);
    return copy(event);
  }

  private emit(cal: CalendarData, eventId: string, changeType: ChangeType): void {
    const change = { calendarId: cal.info.id, owner: cal.info.owner, eventId, changeType };
    for (const listener of this.listeners) listener(change);
  }

  private materialize(cal: CalendarData, groupId: string, seq: number): void {
    materializeGroup(cal, groupId, {
      seq,
      horizonMs: cal.horizonMs,
      maxInstances: this.settings.maxInstancesPerSeries,
    });
  }

  private complete(cal: CalendarData, input: GraphEventInput): GraphEvent {
    const master = input.seriesMasterId ? cal.records.get(input.seriesMasterId) : undefined;
    if (input.seriesMasterId && !master) throw invalidRequest('seriesMasterId names no series');
    if (master && !input.originalStart) throw invalidRequest('an exception needs originalStart');
    const type: EventType = master
      ? 'exception'
      : input.recurrence
        ? 'seriesMaster'
        : 'singleInstance';
    const original = Date.parse(input.originalStart ?? '');
    if (master && Number.isNaN(original)) throw invalidRequest('originalStart is not an instant');
    const base = master
      ? {
          ...exceptionBase(master.event),
          iCalUId: occurrenceICalUId(master.event.iCalUId ?? '', original),
          ...input,
        }
      : input;
    return completeEvent(base, {
      id: input.id ?? (master ? occurrenceId(master.event.id, original) : newEventId()),
      type,
      nowMs: this.nowMs(),
      owner: this.calendarOwner(cal),
    });
  }

  /** Whom Graph names as the calendar's owner: the sharer of a shared one, else the mailbox's. */
  calendarOwner(cal: CalendarData): { name: string; address: string } {
    if (cal.info.sharedBy) return { ...cal.info.sharedBy };
    const user = this.users.get(cal.info.owner);
    return { name: user?.name ?? cal.info.owner, address: cal.info.owner };
  }

  private horizon(): number {
    return this.nowMs() + this.settings.expansionHorizonDays * DAY_MS;
  }
}

/** A shared calendar's sharer and edit right, as CalendarInfo holds them. */
function sharing(seed: GraphSeedCalendar): Pick<CalendarInfo, 'sharedBy' | 'canEdit'> {
  const { sharedBy, canEdit } = seed;
  return {
    ...(sharedBy
      ? { sharedBy: { name: sharedBy.name ?? sharedBy.address, address: sharedBy.address } }
      : {}),
    ...(canEdit === undefined ? {} : { canEdit }),
  };
}

/** What an exception inherits from its master unless the seed says otherwise. */
function exceptionBase(master: GraphEvent): GraphEventInput {
  const { id: _id, recurrence: _recurrence, changeKey: _key, ...rest } = copy(master);
  void _id;
  void _recurrence;
  void _key;
  return { ...rest, '@odata.etag': undefined };
}
