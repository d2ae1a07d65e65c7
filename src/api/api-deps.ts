/**
 * What the API needs from the application, as an interface: src/app implements it with the real
 * store, engine and queue, so that the routes know no adapter.
 */
import type { Registry } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type {
  CaldavConnectionView,
  ChangeListQuery,
  ChangePage,
  ConnectCaldavInput,
  ConnectExchangeInput,
  ConnectionCheckView,
  ConnectionView,
  ConnectStartedView,
  DisconnectInput,
  DisconnectResultView,
  GoogleConnectInput,
  OAuthCallbackResult,
  OutlookConnectInput,
  OutlookNotifyAnswer,
  PushOutcome,
  EventListQuery,
  EventPage,
  EventDetailView,
  ProviderView,
  SyncRequest,
  SyncStatusView,
  SyncTriggered,
} from './schemas.js';
import type { SharedCalendarItem } from './exchange-shared-schemas.js';
import type { CalendarItem } from './calendars-schemas.js';
import type { ConnectIcsInput, IcsConnectionView } from './ics-connect-schemas.js';
import type { SessionView, StartedSessionView } from './session-schemas.js';
import type { ProfileBody } from './profile-schemas.js';
import type {
  ConflictListQuery,
  ConflictPage,
  ConflictSettingsPatch,
  ConflictSettingsView,
  ReopenResult,
  ResolveInput,
  ResolveResult,
} from './conflicts-schemas.js';
import type {
  AccountList,
  AccountListQuery,
  ContactList,
  LeadList,
  PersonListQuery,
} from './crm-list-schemas.js';
import type { CrmUpsertResult } from './crm-schemas.js';
import type {
  RelationshipDetail,
  RelationshipList,
  RelationshipListQuery,
} from './relationships-schemas.js';
import type {
  DetectQueued,
  DetectRequest,
  FeedbackInput,
  FeedbackResult,
  InsightsView,
  MeetingListQuery,
  MeetingPage,
} from './meetings-schemas.js';

import type { TokenItem } from './tokens-schemas.js';

export interface Caller {
  orgId: string;
  userId: string;
  email: string;
  tokenId: string;
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** /readyz's answer: ready when every check is ok. */
export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: ReadinessCheck[];
}

/** Connecting an account by OAuth (Google, Outlook): start, the callback, check and end. */
export interface OAuthProviderApi<ConnectInput> {
  connect(caller: Caller, input: ConnectInput): Promise<ConnectStartedView>;
  /** The browser's return from the provider: not authenticated, the single-use state says who. */
  callback(query: {
    state?: string;
    code?: string;
    error?: string;
    /** The dashboard session the browser came back with (Caller.tokenId), if any. */
    browserSession?: string | null;
  }): Promise<OAuthCallbackResult>;
  /** Who an unused, unexpired state would connect the account to; null for any other state. */
  pending(state: string): Promise<PendingConnectView | null>;
  test(caller: Caller, connectionId?: string): Promise<ConnectionCheckView[]>;
  disconnect(caller: Caller, input: DisconnectInput): Promise<DisconnectResultView>;
}

/** A connection in progress, as the callback's confirmation page names it. */
export interface PendingConnectView {
  /** Started in a dashboard session: that browser finishes it without being asked. */
  startedInBrowser: boolean;
  userEmail: string;
  organisationName: string;
}

export interface ApiDeps {
  logger: FastifyBaseLogger;
  metrics: Registry | null;
  /** Told about every answered request, for metrics; `route` is the pattern, not the URL. */
  observeRequest?(request: {
    method: string;
    route: string;
    status: number;
    seconds: number;
  }): void;
  /** Told when a live stream opens and when it closes, for the gauge of open streams. */
  observeLiveStream?(change: 'opened' | 'closed'): void;
  limits: {
    bodyBytes: number;
    /** Per API token or dashboard session. */
    requestsPerMinute: number;
    /**
     * Failed authentications per client address and minute, before its requests get 429
     * without a lookup; by default requestsPerMinute, at most 60.
     */
    authFailuresPerMinute?: number;
    /** Failed dashboard sign-ins per client address and minute, whatever accounts they name. */
    failedSignInsPerMinute?: number;
  };
  /**
   * 32 bytes derived from CALINTEL_SECRET_KEY (SecretBox.deriveKey('page-cursor')): seals the
   * lists' page cursors to their user (page-cursor.ts).
   */
  pageCursorKey: Buffer;
  /** Fastify's trustProxy: whose X-Forwarded-For and -Proto to believe. */
  trustProxy: boolean | number | string;
  authenticate(token: string): Promise<Caller | null>;
  /** The dashboard: browser sessions, the live stream, and where its built files are. */
  web: {
    /** `client`: the caller's network address. */
    signIn(email: string, password: string, client: string): Promise<StartedSessionView>;
    /** The caller and the session's view for a session cookie; null when it ended or expired. */
    session(token: string): Promise<{ caller: Caller; view: SessionView } | null>;
    signOut(token: string): Promise<void>;
    redeemLink(token: string): Promise<StartedSessionView | null>;
    /** Changes whenever what the caller's dashboard shows changes. */
    liveVersion(caller: Caller): Promise<string>;
    livePollMs: number;
    /** Session cookies only over HTTPS: the public URL is https (a proxy terminates TLS). */
    secureCookies: boolean;
    /** The origin of the public URL (CALINTEL_PUBLIC_URL): our own forms post from it. */
    publicOrigin: string | null;
    /** The folder of the built dashboard (index.html and assets), or null when not built. */
    distDir: string | null;
  };
  readiness(): Promise<Readiness>;
  events: {
    list(caller: Caller, query: EventListQuery): Promise<EventPage>;
    get(caller: Caller, id: string): Promise<EventDetailView>;
    /** The caller's change log after a cursor. */
    changes(caller: Caller, query: ChangeListQuery): Promise<ChangePage>;
  };
  providers: {
    list(caller: Caller): Promise<ProviderView[]>;
    connectIcs(caller: Caller, input: ConnectIcsInput): Promise<IcsConnectionView>;
    /** The connection, and the calendars the server listed that could not be connected. */
    connectCaldav(caller: Caller, input: ConnectCaldavInput): Promise<CaldavConnectionView>;
    connectExchange(caller: Caller, input: ConnectExchangeInput): Promise<ConnectionView>;
    /** Any provider's connection, by id: OAuth ones also stop channels and revoke the grant. */
    disconnect(
      caller: Caller,
      connectionId: string,
      keepEvents: boolean,
    ): Promise<DisconnectResultView>;
  };
  /** Other people's Calendars on an Exchange connection (by the owner's address). */
  exchangeShared: {
    list(caller: Caller, connectionId: string): Promise<SharedCalendarItem[]>;
    add(caller: Caller, connectionId: string, email: string): Promise<SharedCalendarItem>;
    remove(caller: Caller, connectionId: string, email: string): Promise<void>;
  };
  google: OAuthProviderApi<GoogleConnectInput> & {
    /** A push notification: not authenticated, its channel id and token say whose it is. */
    notify(headers: Record<string, string | string[] | undefined>): Promise<PushOutcome>;
  };
  outlook: OAuthProviderApi<OutlookConnectInput> & {
    /**
     * Graph's validation handshake or a notification batch: not authenticated, each entry's
     * subscription id and clientState say whose it is.
     */
    notify(request: {
      query: Record<string, unknown>;
      body: unknown;
    }): Promise<OutlookNotifyAnswer>;
  };
  sync: {
    trigger(caller: Caller, request: SyncRequest): Promise<SyncTriggered>;
    status(caller: Caller): Promise<SyncStatusView[]>;
  };
  meetings: {
    detect(caller: Caller, request: DetectRequest): Promise<DetectQueued>;
    list(caller: Caller, query: MeetingListQuery): Promise<MeetingPage>;
    insights(caller: Caller, eventId: string): Promise<InsightsView>;
    /** `id`: the meeting's id, or its event's. */
    feedback(caller: Caller, id: string, input: FeedbackInput): Promise<FeedbackResult>;
  };
  calendars: {
    list(caller: Caller): Promise<CalendarItem[]>;
    select(caller: Caller, id: string, selected: boolean): Promise<CalendarItem>;
    /** An imported file's calendar, with its events; a synced one is a 409. */
    delete(caller: Caller, id: string): Promise<void>;
  };
  conflicts: {
    list(caller: Caller, query: ConflictListQuery): Promise<ConflictPage>;
    resolve(caller: Caller, id: string, input: ResolveInput): Promise<ResolveResult>;
    /** Takes a decision back; what it wrote to the calendar stays (keptWrites). */
    reopen(caller: Caller, id: string): Promise<ReopenResult>;
    settings(caller: Caller): Promise<ConflictSettingsView>;
    updateSettings(caller: Caller, patch: ConflictSettingsPatch): Promise<ConflictSettingsView>;
  };
  /** The organisation's relationships (every user's meetings). */
  relationships: {
    list(caller: Caller, query: RelationshipListQuery): Promise<RelationshipList>;
    get(caller: Caller, accountKey: string): Promise<RelationshipDetail>;
  };
  /** The caller's own profile; nobody else's is reachable here. */
  profile: {
    get(caller: Caller): Promise<ProfileBody>;
    setTimeZone(caller: Caller, timeZone: string | null): Promise<ProfileBody>;
  };
  /** The caller's API tokens (a dashboard session's caller too: the user's tokens). */
  tokens: {
    list(caller: Caller): Promise<TokenItem[]>;
    /** The caller's own token, or an admin's revocation of a member's; 404 for another org. */
    revoke(caller: Caller, id: string): Promise<void>;
  };
  /** CRM records of the caller's organisation. */
  crm: {
    /** A page of each list; `cursor` is the store's position (the route binds it to the query). */
    listAccounts(caller: Caller, query: AccountListQuery): Promise<AccountList>;
    listLeads(caller: Caller, query: PersonListQuery): Promise<LeadList>;
    listContacts(caller: Caller, query: PersonListQuery): Promise<ContactList>;
    /** The body's items as sent: the service checks each, to name every problem at once. */
    upsertAccounts(caller: Caller, items: readonly unknown[]): Promise<CrmUpsertResult>;
    upsertLeads(caller: Caller, items: readonly unknown[]): Promise<CrmUpsertResult>;
    upsertContacts(caller: Caller, items: readonly unknown[]): Promise<CrmUpsertResult>;
  };
}
