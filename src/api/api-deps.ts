/**
 * What the API needs from the application, as an interface: src/app implements it with the real
 * store, engine and queue, so that the routes know no adapter.
 */
import type { Registry } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type {
  ConnectIcsInput,
  ConnectionView,
  EventListQuery,
  EventPage,
  EventView,
  ProviderView,
  SyncRequest,
  SyncStatusView,
  SyncTriggered,
} from './schemas.js';

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
  limits: { bodyBytes: number; requestsPerMinute: number };
  authenticate(token: string): Promise<Caller | null>;
  readiness(): Promise<ReadinessCheck[]>;
  events: {
    list(caller: Caller, query: EventListQuery): Promise<EventPage>;
    get(caller: Caller, id: string): Promise<EventView>;
  };
  providers: {
    list(caller: Caller): Promise<ProviderView[]>;
    connectIcs(caller: Caller, input: ConnectIcsInput): Promise<ConnectionView>;
  };
  sync: {
    trigger(caller: Caller, request: SyncRequest): Promise<SyncTriggered>;
    status(caller: Caller): Promise<SyncStatusView[]>;
  };
}
