/**
 * The two writes calintel makes (conflict write-back): `POST /me/events/{id}/decline` and
 * `DELETE /me/events/{id}`, both needing Calendars.ReadWrite (403 ErrorAccessDenied otherwise).
 * A declined event stays in the calendar with the owner's answer set (Exchange may also move a
 * declined meeting to Deleted Items, depending on the mailbox's settings [unverified]).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CalendarData } from './calendar-data.js';
import type { EmulatorContext } from './context.js';
import { accessDenied, GraphApiError, invalidToken, notFound } from './errors.js';
import type { SeededUser } from './state.js';
import type { GraphAttendee } from './types.js';

type EventParams = { Params: { version: string; eventId: string } };

export function registerWriteRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<EventParams>('/:version/me/events/:eventId/decline', async (request, reply) => {
    const user = requireCalendarWriter(request, ctx);
    const cal = calendarHolding(ctx, user, request.params.eventId);
    const event =
      cal.records.get(request.params.eventId)?.event ?? cal.view.get(request.params.eventId)?.event;
    if (!event) throw notFound();
    if (event.isOrganizer)
      throw new GraphApiError(
        400,
        'ErrorInvalidRequest',
        "You can't respond to a meeting you organized.",
      );
    const time = new Date(ctx.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const attendees = (event.attendees ?? []).map((a): GraphAttendee =>
      a.emailAddress.address?.toLowerCase() === user.email
        ? { ...a, status: { response: 'declined', time } }
        : a,
    );
    ctx.state.updateEvent(cal.info.id, request.params.eventId, {
      responseStatus: { response: 'declined', time },
      attendees,
    });
    return reply.code(202).send();
  });

  app.delete<EventParams>('/:version/me/events/:eventId', async (request, reply) => {
    const user = requireCalendarWriter(request, ctx);
    const cal = calendarHolding(ctx, user, request.params.eventId);
    ctx.state.deleteEvent(cal.info.id, request.params.eventId);
    return reply.code(204).send();
  });
}

function requireCalendarWriter(request: FastifyRequest, ctx: EmulatorContext): SeededUser {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const found = match?.[1] ? ctx.identity.authenticate(match[1]) : null;
  if (!found) throw invalidToken('IDX14100: JWT is not well formed, there are no dots (.).');
  if (found.expired) throw invalidToken('Lifetime validation failed, the token is expired.');
  if (!found.scope.some((s) => s.toLowerCase() === 'calendars.readwrite')) throw accessDenied();
  return found.user;
}

/** The user's calendar holding the event (stored, or a live occurrence); 404 otherwise. */
function calendarHolding(ctx: EmulatorContext, user: SeededUser, eventId: string): CalendarData {
  for (const cal of ctx.state.calendarsOf(user.email)) {
    if (cal.records.has(eventId) || cal.view.get(eventId)?.live) return cal;
  }
  throw notFound();
}
