/**
 * The caller's calendars and which of them are synced. Turning one off stops its syncs and
 * removes its events (each removal in the change log, so clients that mirror us follow), and the
 * organisation's meetings are detected again; turning it on again syncs it from scratch. An
 * imported file's calendar cannot be turned off: nothing could sync its events back; it is
 * deleted instead, with its events.
 */
import type { CalendarItem } from '../../api/calendars-schemas.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Calendar, Connection, Scope, Store } from '../../store/store.js';
import {
  deleteConnectionWithEvents,
  emptyCalendarIn,
  type RedetectOrganisation,
} from './connection-deletion.js';
import type { SyncService } from './sync.service.js';

export class CalendarsService {
  constructor(
    private readonly store: Store,
    private readonly sync: SyncService,
    /** After a calendar's events are removed: see deleteConnectionWithEvents for why org-wide. */
    private readonly redetect: RedetectOrganisation,
  ) {}

  async list(scope: Scope): Promise<CalendarItem[]> {
    const [calendars, connections] = await Promise.all([
      this.store.calendars.list(scope),
      this.store.connections.list(scope),
    ]);
    const files = new Set(connections.filter(isImportedFile).map((c) => c.id));
    return Promise.all(calendars.map((c) => this.item(scope, c, files.has(c.connectionId))));
  }

  async select(scope: Scope, id: string, selected: boolean): Promise<CalendarItem> {
    const calendar = await this.store.calendars.get(scope, id);
    if (!calendar) throw notFound('calendar');
    if (calendar.selected !== selected) {
      const importedFile = await this.isImportedFile(scope, calendar);
      if (selected) {
        await this.store.calendars.setSelected(scope, id, true);
        await this.store.syncStatus.setCursor(scope, id, null);
        // A file's events come back only when it is imported again: a sync could only fail.
        if (!importedFile) await this.sync.queueCalendar(scope, id);
      } else if (importedFile) {
        throw importedFileError(calendar);
      } else if ((await this.turnOff(scope, id)) > 0) {
        await this.redetect({ orgId: scope.orgId });
      }
    }
    const updated = await this.store.calendars.get(scope, id);
    if (!updated) throw notFound('calendar');
    return this.item(scope, updated, await this.isImportedFile(scope, updated));
  }

  /**
   * Deletes an imported file's calendar. Its events are removed first as turning a calendar off
   * removes them (each removal in the change log, so clients that mirror us follow), then its
   * connection goes as a disconnect with keepEvents=false takes it (deleteConnectionWithEvents),
   * and the organisation's meetings are detected again (conflicts and relationships follow). A
   * synced calendar is not deleted here: it is turned off, or its connection disconnected (409).
   */
  async delete(scope: Scope, id: string): Promise<void> {
    const calendar = await this.store.calendars.get(scope, id);
    if (!calendar) throw notFound('calendar');
    if (!(await this.isImportedFile(scope, calendar)))
      throw new AppError(
        'conflict',
        `"${calendar.name}" is synced from its provider, so it is not deleted: turn it off ` +
          '(selected false) to stop syncing it and remove its events, or disconnect its connection.',
      );
    const removed = await this.store.transaction((tx) => emptyCalendarIn(tx, scope, id));
    await deleteConnectionWithEvents(this.store, scope, calendar.connectionId, this.redetect);
    // The events were gone before the connection went, so the deletion saw none to redetect for.
    if (removed > 0) await this.redetect({ orgId: scope.orgId });
  }

  /**
   * Turns the calendar off and removes its events, in one transaction (emptyCalendarIn); the run
   * loses its claim so that turning the calendar on again at once does not let that run go on
   * from where it was, onto the emptied calendar.
   */
  private turnOff(scope: Scope, id: string): Promise<number> {
    return this.store.transaction(async (tx) => {
      await tx.calendars.setSelected(scope, id, false);
      const removed = await emptyCalendarIn(tx, scope, id);
      await tx.syncStatus.setCursor(scope, id, null);
      await tx.syncStatus.recountEvents(scope, id);
      return removed;
    });
  }

  private async isImportedFile(scope: Scope, calendar: Calendar): Promise<boolean> {
    if (calendar.provider !== 'ics') return false;
    const connection = await this.store.connections.get(scope, calendar.connectionId);
    return connection !== undefined && isImportedFile(connection);
  }

  private async item(
    scope: Scope,
    calendar: Calendar,
    importedFile: boolean,
  ): Promise<CalendarItem> {
    const status = await this.store.syncStatus.get(scope, calendar.id);
    return {
      id: calendar.id,
      connectionId: calendar.connectionId,
      provider: calendar.provider,
      name: calendar.name,
      timeZone: calendar.timeZone,
      isPrimary: calendar.isPrimary,
      selected: calendar.selected,
      importedFile,
      events: status?.eventsCount ?? 0,
      lastSuccessAt: status?.lastSuccessAt ?? null,
      // Neither a calendar turned off nor one its provider no longer lists is run: as the
      // sync status says (sync-status-view.ts), no next run.
      nextRunAt: calendar.selected && !calendar.missingSince ? (status?.nextRunAt ?? null) : null,
      missingSince: calendar.missingSince,
    };
  }
}

/** An .ics file imported once (not a feed): its connection has nothing to sync from. */
function isImportedFile(connection: Connection): boolean {
  return connection.provider === 'ics' && connection.settings['source'] === 'file';
}

/**
 * Turning an imported file's calendar off would delete its events for good (and turning it on
 * again would sync nothing), so the answer says what the user can do instead.
 */
function importedFileError(calendar: Calendar): AppError {
  return new AppError(
    'imported_calendar',
    `"${calendar.name}" is an imported file, so it cannot be turned off: its events would be ` +
      'deleted with no feed to bring them back. To remove it, delete the calendar (DELETE ' +
      `/api/v1/calendar/calendars/${calendar.id}/; its events go with it); to change it, import ` +
      'the file again.',
  );
}
