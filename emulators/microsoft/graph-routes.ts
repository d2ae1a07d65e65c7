/**
 * The Graph calendar API under /v1.0 and /beta: /me, calendars, calendarView (paged with $skip),
 * events by id, and calendarView/delta (contract §2.1: the default calendar in v1.0, any calendar
 * in beta).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCalendarReader, requireUser } from './api-auth.js';
import type { CalendarData } from './calendar-data.js';
import type { EmulatorContext } from './context.js';
import type { ServedPage } from './delta-rounds.js';
import { invalidRequest, notFound, resyncRequired, syncStateNotFound } from './errors.js';
import { present } from './event-fields.js';
import { parseQueryInstant } from './graph-times.js';
import { spanOf } from './materialize.js';
import { preferenceApplied, readPrefer, type Preferences } from './prefer.js';
import type { SeededUser } from './state.js';
import { changedSince, deltaEntry, itemsIn, type Window } from './view-listing.js';

type VersionParams = { Params: { version: string } };
type CalendarParams = { Params: { version: string; calendarId: string } };

export function registerGraphRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<VersionParams>('/:version/me', async (request) => {
    checkVersion(request.params.version);
    const user = requireUser(request, ctx.identity);
    return {
      '@odata.context': `${ctx.baseUrl()}/${request.params.version}/$metadata#users/$entity`,
      ...userResource(user),
    };
  });

  app.get<VersionParams>('/:version/me/calendars', async (request) => {
    checkVersion(request.params.version);
    const user = requireCalendarReader(request, ctx.identity);
    return {
      '@odata.context': `${ctx.baseUrl()}/${request.params.version}/$metadata#users('${user.id}')/calendars`,
      value: ctx.state.calendarsOf(user.email).map((cal) => calendarResource(ctx, cal)),
    };
  });

  app.get<VersionParams>('/:version/me/calendar', async (request) => {
    checkVersion(request.params.version);
    const user = requireCalendarReader(request, ctx.identity);
    return calendarResource(ctx, ctx.state.defaultCalendar(user.email));
  });

  app.get<CalendarParams>('/:version/me/calendars/:calendarId', async (request) => {
    checkVersion(request.params.version);
    const user = requireCalendarReader(request, ctx.identity);
    return calendarResource(ctx, ctx.state.calendarFor(user.email, request.params.calendarId));
  });

  app.get<{ Params: { version: string; eventId: string } }>(
    '/:version/me/events/:eventId',
    async (request) => {
      checkVersion(request.params.version);
      const user = requireCalendarReader(request, ctx.identity);
      const zone = readPrefer(request.headers.prefer).zone;
      for (const cal of ctx.state.calendarsOf(user.email)) {
        const record = cal.records.get(request.params.eventId);
        const item = cal.view.get(request.params.eventId);
        if (item?.live) return present(item.event, item, zone);
        if (record) return present(record.event, spanOf(record.event), zone);
      }
      throw notFound();
    },
  );

  app.get<VersionParams>('/:version/me/calendarView', async (request, reply) => {
    checkVersion(request.params.version);
    const user = requireCalendarReader(request, ctx.identity);
    return calendarView(ctx, request, reply, ctx.state.defaultCalendar(user.email));
  });

  app.get<CalendarParams>(
    '/:version/me/calendars/:calendarId/calendarView',
    async (request, reply) => {
      checkVersion(request.params.version);
      const user = requireCalendarReader(request, ctx.identity);
      const cal = ctx.state.calendarFor(user.email, request.params.calendarId);
      return calendarView(ctx, request, reply, cal);
    },
  );

  app.get<VersionParams>('/:version/me/calendarView/delta', async (request, reply) => {
    checkVersion(request.params.version);
    const user = requireCalendarReader(request, ctx.identity);
    const cal = ctx.state.defaultCalendar(user.email);
    return delta(ctx, request, reply, user, cal, `${request.params.version}/me/calendarView/delta`);
  });

  app.get<CalendarParams>(
    '/:version/me/calendars/:calendarId/calendarView/delta',
    async (request, reply) => {
      checkVersion(request.params.version);
      const user = requireCalendarReader(request, ctx.identity);
      const cal = ctx.state.calendarFor(user.email, request.params.calendarId);
      // v1.0 has delta on the default calendar's view only (contract §2.1).
      if (request.params.version === 'v1.0' && !cal.info.isDefaultCalendar)
        throw invalidRequest(
          'Delta on a calendar other than the default one is available in beta only.',
        );
      const path = `${request.params.version}/me/calendars/${cal.info.id}/calendarView/delta`;
      return delta(ctx, request, reply, user, cal, path);
    },
  );
}

function checkVersion(version: string): void {
  if (version !== 'v1.0' && version !== 'beta') throw notFound('Invalid version.');
}

function userResource(user: SeededUser) {
  const [givenName, ...rest] = user.name.split(' ');
  return {
    businessPhones: [],
    displayName: user.name,
    givenName: givenName ?? null,
    jobTitle: null,
    mail: user.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: rest.join(' ') || null,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
  };
}

function calendarResource(ctx: EmulatorContext, cal: CalendarData) {
  const shared = cal.info.sharedBy !== undefined;
  return {
    id: cal.info.id,
    name: cal.info.name,
    color: cal.info.color,
    hexColor: '',
    isDefaultCalendar: cal.info.isDefaultCalendar,
    changeKey: `${cal.info.id.slice(-8)}AAA==`,
    canShare: !shared,
    canViewPrivateItems: !shared,
    canEdit: cal.info.canEdit ?? true,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: !cal.info.isDefaultCalendar,
    owner: ctx.state.calendarOwner(cal),
  };
}

function sendPage(reply: FastifyReply, prefs: Preferences, body: unknown): unknown {
  const applied = preferenceApplied(prefs);
  if (applied) void reply.header('preference-applied', applied);
  return body;
}

function pageSizeOf(ctx: EmulatorContext, prefs: Preferences): number {
  return prefs.maxPageSize ?? ctx.settings.defaultPageSize;
}

/** calendarView: the window's items by start, paged with $top/$skip. */
function calendarView(
  ctx: EmulatorContext,
  request: FastifyRequest<{ Params: { version: string } }>,
  reply: FastifyReply,
  cal: CalendarData,
): unknown {
  const url = new URL(request.url, ctx.baseUrl());
  const params = url.searchParams;
  const window = readWindow(params);
  const prefs = readPrefer(request.headers.prefer);
  ctx.state.ensureHorizon(cal);
  const top = Number(params.get('$top') ?? pageSizeOf(ctx, prefs));
  const skip = Number(params.get('$skip') ?? 0);
  if (!Number.isInteger(top) || top < 1 || !Number.isInteger(skip) || skip < 0)
    throw invalidRequest('$top and $skip must be whole numbers.');
  const items = itemsIn(cal, window);
  const page = items.slice(skip, skip + top).map((item) => present(item.event, item, prefs.zone));
  const next = new URL(url);
  next.searchParams.set('$skip', String(skip + top));
  return sendPage(reply, prefs, {
    '@odata.context': `${ctx.baseUrl()}/${request.params.version}/$metadata#Collection(event)`,
    value: page,
    ...(skip + top < items.length
      ? { '@odata.nextLink': decodeURIComponent(next.toString()) }
      : {}),
  });
}

function readWindow(params: URLSearchParams): Window {
  const start = params.get('startDateTime') ?? params.get('StartDateTime');
  const end = params.get('endDateTime') ?? params.get('EndDateTime');
  if (!start || !end)
    throw invalidRequest(
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  const window = {
    fromMs: parseQueryInstant(start, 'startDateTime'),
    toMs: parseQueryInstant(end, 'endDateTime'),
  };
  if (window.toMs <= window.fromMs)
    throw invalidRequest('The end of the time window must be after its start.');
  return window;
}

/** One request of a delta round: the first (with a window), a nextLink, or a deltaLink. */
function delta(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: SeededUser,
  cal: CalendarData,
  path: string,
): unknown {
  const url = new URL(request.url, ctx.baseUrl());
  const params = url.searchParams;
  const prefs = readPrefer(request.headers.prefer);
  const pageSize = pageSizeOf(ctx, prefs);
  ctx.state.ensureHorizon(cal);
  const skipToken = params.get('$skiptoken');
  const deltaToken = params.get('$deltatoken');
  let served: ServedPage;
  let window: Window;
  if (skipToken) {
    const entry = ctx.delta.page(skipToken);
    if (
      !entry ||
      entry.round.scope.user !== user.email ||
      entry.round.scope.calendarId !== cal.info.id
    )
      throw syncStateNotFound();
    checkFate(ctx, entry.fate, entry.round.scope);
    window = entry.round.scope;
    served = ctx.delta.resume(entry, pageSize);
  } else if (deltaToken) {
    const state = ctx.delta.deltaState(deltaToken);
    if (!state || state.user !== user.email || state.calendarId !== cal.info.id)
      throw syncStateNotFound();
    checkFate(ctx, state.fate, state);
    window = state;
    const scope = {
      user: state.user,
      calendarId: state.calendarId,
      path: state.path,
      fromMs: state.fromMs,
      toMs: state.toMs,
    };
    served = ctx.delta.start(scope, ctx.state.currentSeq, changedSince(cal, state.seq), pageSize);
  } else {
    window = readWindow(params);
    const scope = { user: user.email, calendarId: cal.info.id, path, ...window };
    served = ctx.delta.start(scope, ctx.state.currentSeq, itemsIn(cal, window), pageSize);
  }
  const link = `${ctx.baseUrl()}/${path}?$${served.next.kind}token=${served.next.token}`;
  return sendPage(reply, prefs, {
    '@odata.context': `${ctx.baseUrl()}/${path.split('/')[0]}/$metadata#Collection(event)`,
    [served.next.kind === 'skip' ? '@odata.nextLink' : '@odata.deltaLink']: link,
    value: served.items.map((item) => deltaEntry(item, window, prefs.zone)),
  });
}

/** A token the emulator was told to forget: 410 with a fresh initial URL, or syncStateNotFound. */
function checkFate(
  ctx: EmulatorContext,
  fate: 'valid' | 'resync' | 'notFound',
  scope: { path: string; fromMs: number; toMs: number },
): void {
  if (fate === 'valid') return;
  if (fate === 'notFound') throw syncStateNotFound();
  throw resyncRequired(initialDeltaUrl(ctx, scope));
}

export function initialDeltaUrl(
  ctx: EmulatorContext,
  scope: { path: string; fromMs: number; toMs: number },
): string {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return `${ctx.baseUrl()}/${scope.path}?startDateTime=${iso(scope.fromMs)}Z&endDateTime=${iso(scope.toMs)}Z`;
}
