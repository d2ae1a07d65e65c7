/** Gives the API what it needs from the application (the ApiDeps interface), and nothing more. */
import type { ApiDeps, Caller } from '../api/api-deps.js';
import { notFound } from '../domain/errors.js';

/** Marks a Caller that is a dashboard session rather than an API token. */
const SESSION_CALLER_PREFIX = 'session:';
import type { App } from './app.js';
import { readiness } from './readiness.js';
import { SecretBox } from '../store/secret-box.js';
import { ApiTokensService } from './services/api-tokens.service.js';
import { sessionView } from './services/web-auth.service.js';
import { findDashboardDist } from './web-auth/dashboard-files.js';

export function apiDepsFor(app: App): ApiDeps {
  const tokens = new ApiTokensService(app.store);
  return {
    logger: app.logger,
    metrics: app.config.metricsEnabled ? app.metrics.registry : null,
    observeRequest: ({ method, route, status, seconds }) => {
      app.metrics.httpRequests.inc({ method, route, status: String(status) });
      app.metrics.httpDuration.observe({ method, route }, seconds);
    },
    observeLiveStream: (change) =>
      change === 'opened' ? app.metrics.liveStreams.inc() : app.metrics.liveStreams.dec(),
    limits: {
      bodyBytes: app.config.api.bodyLimitBytes,
      requestsPerMinute: app.config.api.rateLimitPerMinute,
    },
    trustProxy: app.config.api.trustProxy,
    pageCursorKey: new SecretBox(app.config.secretKey).deriveKey('page-cursor'),
    authenticate: async (token): Promise<Caller | null> => {
      const owner = await app.store.apiTokens.findUserByToken(token);
      return owner ? { ...owner.scope, email: owner.user.email, tokenId: owner.tokenId } : null;
    },
    web: {
      signIn: (email, password, client) => app.webAuth.signIn(email, password, client),
      session: async (token) => {
        const session = await app.webAuth.session(token);
        if (!session) return null;
        return {
          caller: {
            ...session.scope,
            email: session.user.email,
            tokenId: `${SESSION_CALLER_PREFIX}${session.id}`,
          },
          view: sessionView(session),
        };
      },
      signOut: (token) => app.webAuth.signOut(token),
      redeemLink: (token) => app.webAuth.redeemSignInLink(token),
      liveVersion: (caller) => app.store.liveVersion(caller),
      livePollMs: app.config.api.livePollMs,
      secureCookies: app.config.publicUrl.startsWith('https:'),
      // Validated as a URL with the rest of the configuration.
      publicOrigin: new URL(app.config.publicUrl).origin,
      distDir: findDashboardDist(),
    },
    readiness: () => readiness(app),
    events: {
      list: (caller, query) => app.events.list(caller, query),
      get: (caller, id) => app.events.get(caller, id),
      changes: (caller, query) => app.events.changes(caller, query),
    },
    providers: {
      list: (caller) => app.connections.listProviders(caller),
      connectIcs: (caller, input) =>
        input.kind === 'feed'
          ? app.connections.connectIcsFeed(caller, input)
          : app.connections.importIcsFile(caller, input),
      connectCaldav: (caller, input) => app.caldav.connect(caller, input),
      connectExchange: (caller, input) => app.exchange.connect(caller, input),
      disconnect: (caller, connectionId, keepEvents) =>
        disconnectAny(app, caller, connectionId, keepEvents),
    },
    exchangeShared: {
      list: (caller, connectionId) => app.exchange.shared.list(caller, connectionId),
      add: (caller, connectionId, email) => app.exchange.shared.add(caller, connectionId, email),
      remove: (caller, connectionId, email) =>
        app.exchange.shared.remove(caller, connectionId, email),
    },
    google: {
      connect: (caller, input) =>
        app.google.startConnect(caller, { ...input, browserSession: browserSessionOf(caller) }),
      callback: async (query) => {
        const { connection, calendars } = await app.google.finishConnect(query);
        return { connectionId: connection.id, label: connection.label, calendars };
      },
      pending: (state) => app.google.pendingConnect(state),
      test: (caller, connectionId) => app.google.test(caller, connectionId),
      disconnect: (caller, input) => app.google.disconnect(caller, input),
      notify: (headers) => app.google.handleNotification(headers),
    },
    outlook: {
      connect: (caller, input) =>
        app.microsoft.startConnect(caller, { ...input, browserSession: browserSessionOf(caller) }),
      callback: async (query) => {
        const { connection, calendars } = await app.microsoft.finishConnect(query);
        return { connectionId: connection.id, label: connection.label, calendars };
      },
      pending: (state) => app.microsoft.pendingConnect(state),
      test: (caller, connectionId) => app.microsoft.test(caller, connectionId),
      disconnect: (caller, input) => app.microsoft.disconnect(caller, input),
      notify: (request) => app.microsoft.handleNotification(request),
    },
    sync: {
      trigger: (caller, request) => app.sync.trigger(caller, request),
      status: (caller) => app.sync.status(caller),
    },
    calendars: {
      list: (caller) => app.calendars.list(caller),
      select: (caller, id, selected) => app.calendars.select(caller, id, selected),
      delete: (caller, id) => app.calendars.delete(caller, id),
    },
    conflicts: {
      list: (caller, query) => app.conflicts.list(caller, query),
      resolve: (caller, id, input) => app.conflicts.resolve(caller, id, input),
      reopen: (caller, id) => app.conflicts.reopen(caller, id),
      settings: (caller) => app.conflicts.settings(caller),
      updateSettings: (caller, patch) => app.conflicts.updateSettings(caller, patch),
    },
    relationships: {
      list: (caller, query) => app.relationships.list({ orgId: caller.orgId }, query),
      get: (caller, accountKey) => app.relationships.get({ orgId: caller.orgId }, accountKey),
    },
    meetings: {
      detect: (caller, request) => app.meetings.queueDetection(caller, request),
      list: (caller, query) => app.meetings.list(caller, query),
      insights: (caller, eventId) => app.meetings.insights(caller, eventId),
      feedback: (caller, id, input) => app.meetings.feedback(caller, id, input),
    },
    profile: {
      get: (caller) => app.profile.get(caller),
      setTimeZone: (caller, timeZone) => app.profile.setTimeZone(caller, timeZone),
    },
    tokens: {
      list: (caller) => tokens.list(caller),
      revoke: async (caller, id) => {
        await tokens.revoke(caller, id);
      },
    },
    crm: {
      listAccounts: (caller, query) => app.crm.listAccounts(caller, query),
      listLeads: (caller, query) => app.crm.listLeads(caller, query),
      listContacts: (caller, query) => app.crm.listContacts(caller, query),
      upsertAccounts: (caller, items) => app.crm.upsertAccounts(caller, items),
      upsertLeads: (caller, items) => app.crm.upsertLeads(caller, items),
      upsertContacts: (caller, items) => app.crm.upsertContacts(caller, items),
    },
  };
}

/**
 * /readyz answers anyone: the driver's message (a host, a port, a file path) goes to the log,
 * the answer says it in fixed words.
 */
/** Google and Outlook revoke their grant and stop channels; the others only forget secrets. */
async function disconnectAny(app: App, caller: Caller, connectionId: string, keepEvents: boolean) {
  const connection = await app.store.connections.get(caller, connectionId);
  if (!connection) throw notFound(`connection ${connectionId}`);
  if (connection.provider === 'google')
    return app.google.disconnect(caller, { connectionId, keepEvents });
  if (connection.provider === 'microsoft')
    return app.microsoft.disconnect(caller, { connectionId, keepEvents });
  await app.connections.disconnect(caller, connectionId, keepEvents);
  return { disconnected: [connectionId], eventsKept: keepEvents };
}

/** The dashboard session a caller came with (its OAuth flows are bound to it), else null. */
function browserSessionOf(caller: Caller): string | null {
  return caller.tokenId.startsWith(SESSION_CALLER_PREFIX) ? caller.tokenId : null;
}
