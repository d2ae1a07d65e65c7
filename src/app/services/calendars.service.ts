/**
 * The caller's calendars and which of them are synced. Turning one off stops its syncs and
 * removes its events (each removal in the change log, so clients that mirror us follow); turning
 * it on again syncs it from scratch.
 */
import type { CalendarItem } from '../../api/calendars-schemas.js';
import { notFound } from '../../domain/errors.js';
import type { Calendar, Scope, Store } from '../../store/store.js';
import type { SyncService } from './sync.service.js';

export class CalendarsService {
  constructor(
    private readonly store: Store,
    private readonly sync: SyncService,
  ) {}

  async list(scope: Scope): Promise<CalendarItem[]> {
    const calendars = await this.store.calendars.list(scope);
    return Promise.all(calendars.map((c) => this.item(scope, c)));
  }

  async select(scope: Scope, id: string, selected: boolean): Promise<CalendarItem> {
    const calendar = await this.store.calendars.get(scope, id);
    if (!calendar) throw notFound('calendar');
    if (calendar.selected !== selected) {
      await this.store.calendars.setSelected(scope, id, selected);
      if (selected) {
        await this.store.syncStatus.setCursor(scope, id, null);
        await this.sync.queueCalendar(scope, id);
      } else {
        await this.forgetEvents(scope, id);
      }
    }
    const updated = await this.store.calendars.get(scope, id);
    if (!updated) throw notFound('calendar');
    return this.item(scope, updated);
  }

  /** Removes the calendar's events as a snapshot that listed nothing would. */
  private async forgetEvents(scope: Scope, id: string): Promise<void> {
    const generation = await this.store.syncStatus.nextGeneration(scope, id);
    if (generation === undefined) return;
    await this.store.events.deleteNotInGeneration(scope, id, generation);
    await this.store.syncStatus.setCursor(scope, id, null);
  }

  private async item(scope: Scope, calendar: Calendar): Promise<CalendarItem> {
    const status = await this.store.syncStatus.get(scope, calendar.id);
    return {
      id: calendar.id,
      connectionId: calendar.connectionId,
      provider: calendar.provider,
      name: calendar.name,
      timeZone: calendar.timeZone,
      isPrimary: calendar.isPrimary,
      selected: calendar.selected,
      events: status?.eventsCount ?? 0,
      lastSuccessAt: status?.lastSuccessAt ?? null,
      nextRunAt: calendar.selected ? (status?.nextRunAt ?? null) : null,
    };
  }
}
