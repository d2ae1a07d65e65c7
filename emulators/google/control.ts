/**
 * The programmatic control surface: what the control API does over HTTP, for tests and the demo
 * in the same process. Every method goes through the same state as the Calendar API, so a change
 * made here is seen by sync tokens and push channels exactly like one made in Google's UI.
 */
import type { EmulatorContext } from './context.js';
import { copy } from './event-fields.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import { fullListing } from './listing.js';
import type { Channel, Delivery } from './push.js';
import { settingsPatchSchema, type EmulatorSettings, type SettingsPatch } from './settings.js';
import type {
  CalendarInfo,
  GoogleEvent,
  GoogleEventInput,
  GoogleEventPatch,
  GoogleSeedCalendar,
} from './types.js';

export interface TruthOptions {
  singleEvents?: boolean;
  showDeleted?: boolean;
}

export class GoogleEmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  // --- data -------------------------------------------------------------------------------

  users(): { email: string; name: string; calendars: CalendarInfo[] }[] {
    return [...this.ctx.state.users.values()].map((u) => ({
      ...u,
      calendars: this.ctx.state.calendarsOf(u.email).map((c) => copy(c.info)),
    }));
  }

  addCalendar(owner: string, calendar: GoogleSeedCalendar): CalendarInfo {
    return this.ctx.state.addCalendar(owner, calendar);
  }

  setCalendarHidden(calendarId: string, hidden: boolean): CalendarInfo {
    return this.ctx.state.setCalendarHidden(calendarId, hidden);
  }

  addEvent(calendarId: string, event: GoogleEventInput): GoogleEvent {
    return this.ctx.state.addEvent(calendarId, event);
  }

  /** Also takes an instance id: the instance becomes an exception. */
  updateEvent(calendarId: string, eventId: string, patch: GoogleEventPatch): GoogleEvent {
    return this.ctx.state.updateEvent(calendarId, eventId, patch);
  }

  /** New start and end; an instance id becomes a moved exception. */
  moveEvent(
    calendarId: string,
    eventId: string,
    to: Pick<GoogleEvent, 'start' | 'end'>,
  ): GoogleEvent {
    return this.ctx.state.moveEvent(calendarId, eventId, to);
  }

  /** Cancels an event, a whole series, or one instance (a cancelled exception). */
  cancelEvent(calendarId: string, eventId: string): GoogleEvent {
    return this.ctx.state.cancelEvent(calendarId, eventId);
  }

  /** As events.delete (a tombstone); `purge` also forgets the tombstone and the calendar's sync tokens. */
  deleteEvent(calendarId: string, eventId: string, options: { purge?: boolean } = {}): void {
    this.ctx.state.deleteEvent(calendarId, eventId, options);
  }

  /** What a full events.list (all pages) returns now: the truth a convergence test compares with. */
  listTruth(calendarId: string, options: TruthOptions = {}): GoogleEvent[] {
    const cal = this.ctx.state.mustCalendar(calendarId);
    this.ctx.state.ensureHorizon(cal);
    return copy(
      fullListing(cal, {
        singleEvents: options.singleEvents ?? false,
        showDeleted: options.showDeleted,
        orderBy: undefined,
        timeMin: undefined,
        timeMax: undefined,
        updatedMin: undefined,
        q: undefined,
        iCalUID: undefined,
        eventTypes: [],
        privateExtendedProperty: [],
        sharedExtendedProperty: [],
        maxAttendees: undefined,
      }),
    );
  }

  /** Every sync token of the calendar (or of all calendars) now answers 410. */
  invalidateSyncTokens(calendarId?: string): number {
    return this.ctx.state.syncTokens.invalidate(calendarId);
  }

  // --- faults -----------------------------------------------------------------------------

  addFault(rule: FaultRuleInput): FaultRule {
    return this.ctx.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.ctx.faults.remove(id);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  faults(): FaultRule[] {
    return this.ctx.faults.list();
  }

  seedFaults(seed: number): void {
    this.ctx.faults.seed(seed);
  }

  // --- push -------------------------------------------------------------------------------

  channels(): Channel[] {
    return this.ctx.push.list();
  }

  deliveries(): Delivery[] {
    return this.ctx.push.deliveries();
  }

  /** Resolves once every queued notification has been delivered or given up. */
  deliveriesSettled(): Promise<void> {
    return this.ctx.push.settled();
  }

  // --- tokens -----------------------------------------------------------------------------

  /** Access tokens (of one user, or everyone's) expire now; API calls with them get 401. */
  expireAccessTokens(user?: string): number {
    return this.ctx.oauth.expireAccessTokens(user);
  }

  /** The user's refresh tokens give invalid_grant from now on (as after a revoke in Google). */
  invalidateRefreshTokens(user: string): number {
    return this.ctx.oauth.invalidateRefreshTokens(user);
  }

  // --- settings and reset -----------------------------------------------------------------

  settings(): EmulatorSettings {
    return copy(this.ctx.settings);
  }

  updateSettings(patch: SettingsPatch): EmulatorSettings {
    const parsed = settingsPatchSchema.parse(patch);
    Object.assign(this.ctx.settings, parsed);
    if (parsed.pageShapes) this.ctx.pager.reseed();
    return this.settings();
  }

  /** Back to the start: seed data, settings; no sync tokens, snapshots, faults, channels or grants. */
  reset(): void {
    Object.assign(this.ctx.settings, copy(this.ctx.initialSettings));
    this.ctx.state.load(this.ctx.seed);
    this.ctx.pager.clear();
    this.ctx.pager.reseed();
    this.ctx.faults.clear();
    this.ctx.push.clear();
    this.ctx.oauth.clear();
  }
}
