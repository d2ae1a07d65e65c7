/**
 * The programmatic control surface: what the control API does over HTTP, for tests and the demo
 * in the same process. Every method goes through the same state as the Graph API, so a change
 * made here is seen by delta tokens and subscriptions exactly like one made in Outlook.
 */
import type { EmulatorContext } from './context.js';
import type { TokenFate } from './delta-rounds.js';
import { copy, present, UTC_ZONE } from './event-fields.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { GrantTrouble } from './identity-state.js';
import { settingsPatchSchema, type EmulatorSettings, type SettingsPatch } from './settings.js';
import type { Delivery, LifecycleEvent, Subscription } from './subscriptions.js';
import type {
  CalendarInfo,
  GraphEvent,
  GraphEventInput,
  GraphEventPatch,
  GraphSeedCalendar,
} from './types.js';

export class MicrosoftEmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  // --- data -------------------------------------------------------------------------------

  users(): { email: string; name: string; id: string; calendars: CalendarInfo[] }[] {
    return [...this.ctx.state.users.values()].map((u) => ({
      ...u,
      calendars: this.ctx.state.calendarsOf(u.email).map((c) => copy(c.info)),
    }));
  }

  get tenantId(): string {
    return this.ctx.state.tenantId;
  }

  /** The id of a user's default calendar (where /me/calendarView/delta reads). */
  defaultCalendarId(user: string): string {
    return this.ctx.state.defaultCalendar(user.toLowerCase()).info.id;
  }

  addCalendar(owner: string, calendar: GraphSeedCalendar): CalendarInfo {
    return this.ctx.state.addCalendar(owner, calendar);
  }

  /** A single event, a series master (with `recurrence`) or an exception (`seriesMasterId`). */
  addEvent(calendarId: string, event: GraphEventInput): GraphEvent {
    return this.ctx.state.addEvent(calendarId, event);
  }

  /** Also takes an occurrence id: the occurrence becomes an exception. */
  updateEvent(calendarId: string, eventId: string, patch: GraphEventPatch): GraphEvent {
    return this.ctx.state.updateEvent(calendarId, eventId, patch);
  }

  moveEvent(
    calendarId: string,
    eventId: string,
    to: Pick<GraphEvent, 'start' | 'end'>,
  ): GraphEvent {
    return this.ctx.state.moveEvent(calendarId, eventId, to);
  }

  /** The organiser cancels: isCancelled, "Canceled: " subject; a master takes its series along. */
  cancelEvent(calendarId: string, eventId: string): GraphEvent {
    return this.ctx.state.cancelEvent(calendarId, eventId);
  }

  /** Deletes an event, a series, or one occurrence (delta then says @removed). */
  deleteEvent(calendarId: string, eventId: string): void {
    this.ctx.state.deleteEvent(calendarId, eventId);
  }

  /** What a calendar view of the whole calendar lists now (UTC): the truth a test compares with. */
  listTruth(calendarId: string): GraphEvent[] {
    const cal = this.ctx.state.mustCalendar(calendarId);
    this.ctx.state.ensureHorizon(cal);
    return [...cal.view.values()]
      .filter((item) => item.live)
      .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1))
      .map((item) => present(item.event, item, UTC_ZONE));
  }

  /** Every delta token (of a user, or everyone's) answers 410 resync or syncStateNotFound. */
  expireDeltaTokens(fate: Exclude<TokenFate, 'valid'>, user?: string): number {
    return this.ctx.delta.expire(fate, user?.toLowerCase());
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

  /** Requests seen and the most each mailbox had in flight at once. */
  load(): { requests: number; peakConcurrency: Record<string, number> } {
    return this.ctx.load.stats();
  }

  // --- subscriptions ----------------------------------------------------------------------

  subscriptions(): Subscription[] {
    return this.ctx.subscriptions.list();
  }

  /** Sends a lifecycle notification; subscriptionRemoved also ends the subscription. */
  lifecycle(subscriptionId: string, event: LifecycleEvent): Subscription {
    return this.ctx.subscriptions.lifecycle(subscriptionId, event);
  }

  deliveries(): Delivery[] {
    return this.ctx.subscriptions.deliveries();
  }

  /** Resolves once every queued notification has been delivered or given up. */
  deliveriesSettled(): Promise<void> {
    return this.ctx.subscriptions.settled();
  }

  // --- tokens -----------------------------------------------------------------------------

  expireAccessTokens(user?: string): number {
    return this.ctx.identity.expireAccessTokens(user?.toLowerCase());
  }

  /**
   * The user's refresh tokens fail from now on: `revoked` (invalid_grant AADSTS50173), `expired`
   * (invalid_grant AADSTS700082) or `interaction_required` (AADSTS50076); null lifts it.
   */
  setGrantTrouble(user: string, trouble: GrantTrouble | null): void {
    this.ctx.identity.setTrouble(this.ctx.state.mustUser(user).email, trouble);
  }

  // --- settings and reset -----------------------------------------------------------------

  settings(): EmulatorSettings {
    return copy(this.ctx.settings);
  }

  updateSettings(patch: SettingsPatch): EmulatorSettings {
    const parsed = settingsPatchSchema.parse(patch);
    Object.assign(this.ctx.settings, parsed);
    if (parsed.pageShapes) this.ctx.delta.reseed();
    return this.settings();
  }

  /** Back to the start: seed data and settings; no tokens, rounds, faults or subscriptions. */
  reset(): void {
    Object.assign(this.ctx.settings, copy(this.ctx.initialSettings));
    this.ctx.state.load(this.ctx.seed);
    this.ctx.delta.clear();
    this.ctx.delta.reseed();
    this.ctx.faults.clear();
    this.ctx.subscriptions.clear();
    this.ctx.identity.clear();
    this.ctx.load.clear();
  }
}
