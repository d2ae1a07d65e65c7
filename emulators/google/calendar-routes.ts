/** calendarList.list and calendars.get: the calendars a token's user can see. */
import type { FastifyInstance } from 'fastify';
import { requireUser } from './api-auth.js';
import type { CalendarStore } from './calendar-store.js';
import type { EmulatorContext } from './context.js';
import { etagOf } from './event-fields.js';
import { invalidParameter } from './errors.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 250;

export function registerCalendarRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get('/calendar/v3/users/me/calendarList', async (request) => {
    const user = requireUser(request, ctx.oauth);
    const params = new URL(request.url, 'http://emulator').searchParams;
    const size = Math.min(pageSize(params.get('maxResults')), MAX_PAGE);
    const offset = pageOffset(params.get('pageToken'));
    // As Google: an entry the user hid from their list is left out unless showHidden=true.
    const showHidden = params.get('showHidden') === 'true';
    const all = ctx.state.calendarsOf(user).filter((cal) => showHidden || !cal.info.hidden);
    const items = all.slice(offset, offset + size).map(listEntry);
    const next = offset + size < all.length ? { nextPageToken: encodeOffset(offset + size) } : {};
    return {
      kind: 'calendar#calendarList',
      etag: etagOf(all.map((c) => c.info.id)),
      ...next,
      items,
    };
  });

  app.get<{ Params: { calendarId: string } }>(
    '/calendar/v3/calendars/:calendarId',
    async (request) => {
      const user = requireUser(request, ctx.oauth);
      const { info } = ctx.state.calendarFor(user, request.params.calendarId);
      return {
        kind: 'calendar#calendar',
        etag: etagOf(info),
        id: info.id,
        summary: info.summary,
        ...(info.description ? { description: info.description } : {}),
        timeZone: info.timeZone,
      };
    },
  );
}

function listEntry(cal: CalendarStore) {
  const { info } = cal;
  return {
    kind: 'calendar#calendarListEntry',
    etag: etagOf(info),
    id: info.id,
    summary: info.summary,
    ...(info.description ? { description: info.description } : {}),
    timeZone: info.timeZone,
    accessRole: info.accessRole,
    ...(info.primary ? { primary: true } : {}),
    ...(info.hidden ? { hidden: true } : {}),
    selected: !info.hidden,
    defaultReminders: [],
  };
}

function pageSize(value: string | null): number {
  if (value === null) return DEFAULT_PAGE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw invalidParameter('Invalid value for: maxResults', 'maxResults');
  return n;
}

function encodeOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function pageOffset(token: string | null): number {
  if (token === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalidParameter('Invalid page token value.', 'pageToken');
  return Number(match[1]);
}
