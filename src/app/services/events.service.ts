/** Reading synced events for the API: the caller's own, as the API's schema shows them. */
import type {
  ChangeListQuery,
  ChangePage,
  ChangeView,
  EventListQuery,
  EventDetailView,
  EventPage,
  EventView,
} from '../../api/schemas.js';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import type { ProviderKind } from '../../domain/event.js';
import {
  InvalidCursorError,
  type LoggedChange,
  type Scope,
  type StoredEvent,
  type Store,
} from '../../store/store.js';
import { rangeInstants } from './viewer-zone.js';

export class EventsService {
  constructor(private readonly store: Store) {}

  async list(scope: Scope, query: EventListQuery): Promise<EventPage> {
    const range = await rangeInstants(this.store, scope, query);
    await this.checkCalendar(scope, query.calendarId);
    try {
      const page = await this.store.events.list(scope, {
        ...range,
        ...(query.calendarId ? { calendarId: query.calendarId } : {}),
        ...(query.provider ? { provider: query.provider } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.q ? { q: query.q } : {}),
        limit: query.limit,
        cursor: query.cursor ?? null,
      });
      return { items: page.items.map(toEventView), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new AppError(
          'invalid_cursor',
          'querystring.cursor: not a cursor this API gave out; start again without it',
        );
      throw error;
    }
  }

  /** The caller's change log after `since`; a cursor this API did not give out is a 400. */
  async changes(scope: Scope, query: ChangeListQuery): Promise<ChangePage> {
    await this.checkCalendar(scope, query.calendarId);
    try {
      const page = await this.store.changes.list(scope, {
        since: query.since ?? null,
        limit: query.limit,
        ...(query.calendarId ? { calendarId: query.calendarId } : {}),
      });
      return { items: page.items.map(toChangeView), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new AppError(
          'invalid_cursor',
          'querystring.since: not a cursor this API gave out; start again without it',
        );
      throw error;
    }
  }

  /**
   * A calendar filter names one of the caller's calendars: an id that names none (malformed,
   * deleted, another user's) is a 400, not an empty page that reads as a calendar without events.
   */
  private async checkCalendar(scope: Scope, calendarId: string | undefined): Promise<void> {
    if (calendarId === undefined) return;
    const calendars = await this.store.calendars.list(scope);
    if (!calendars.some((calendar) => calendar.id === calendarId))
      throw invalidInput(
        'querystring.calendarId: names none of your calendars (GET /api/v1/calendar/calendars/ lists them)',
      );
  }

  async get(scope: Scope, id: string): Promise<EventDetailView> {
    const stored = await this.store.events.get(scope, id);
    // Another tenant's id looks exactly like an id that does not exist.
    if (!stored) throw notFound(`event ${id}`);
    const copies = await this.store.events.listMeetingCopies(scope, {
      id: stored.id,
      iCalUid: stored.event.iCalUid,
      originalStart: stored.event.originalStart,
    });
    return {
      ...toEventView(stored),
      copies: copies.map((c) => ({ ...c, provider: c.provider as ProviderKind })),
    };
  }
}

export function toEventView(stored: StoredEvent): EventView {
  return {
    id: stored.id,
    calendarId: stored.calendarId,
    connectionId: stored.connectionId,
    provider: stored.provider as ProviderKind,
    ...stored.event,
    syncedAt: stored.updatedAt,
  };
}

function toChangeView(logged: LoggedChange): ChangeView {
  const { kind, ...details } = logged.change;
  return {
    cursor: logged.cursor,
    kind,
    eventId: logged.eventId,
    providerEventId: logged.providerEventId,
    calendarId: logged.calendarId,
    seriesId: logged.seriesId,
    occurredAt: logged.occurredAt,
    details,
  };
}
