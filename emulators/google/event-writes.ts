/**
 * events.patch and events.delete: the writes calintel makes when a user lets it act on a
 * conflict (declining a meeting, deleting one's own hold). They go through the same state as the
 * control API, so sync tokens and push channels report them like any change made in Google.
 */
import type { FastifyInstance } from 'fastify';
import { requireWriter } from './api-auth.js';
import type { EmulatorContext } from './context.js';
import { GoogleApiError, badRequest } from './errors.js';
import type { GoogleEventPatch } from './types.js';

interface EventParams {
  calendarId: string;
  eventId: string;
}

/** What events.patch accepts here: the fields a client changes on a meeting it attends. */
const PATCHABLE = new Set(['attendees', 'summary', 'description', 'location', 'transparency']);

export function registerEventWriteRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.patch<{ Params: EventParams; Body: Record<string, unknown> | undefined }>(
    '/calendar/v3/calendars/:calendarId/events/:eventId',
    async (request) => {
      const user = requireWriter(request, ctx.oauth);
      const cal = ctx.state.calendarFor(user, request.params.calendarId);
      const body = request.body ?? {};
      const unknown = Object.keys(body).filter((key) => !PATCHABLE.has(key));
      if (unknown.length > 0)
        throw badRequest(`The emulator cannot patch ${unknown.join(', ')}.`, unknown[0]);
      ctx.state.ensureHorizon(cal);
      return ctx.state.updateEvent(cal.info.id, request.params.eventId, body as GoogleEventPatch);
    },
  );

  app.delete<{ Params: EventParams }>(
    '/calendar/v3/calendars/:calendarId/events/:eventId',
    async (request, reply) => {
      const user = requireWriter(request, ctx.oauth);
      const cal = ctx.state.calendarFor(user, request.params.calendarId);
      ctx.state.ensureHorizon(cal);
      const existing = cal.records.get(request.params.eventId)?.event;
      // Google answers 410 "Resource has been deleted" to a second delete.
      if (existing?.status === 'cancelled')
        throw new GoogleApiError(410, {
          domain: 'global',
          reason: 'deleted',
          message: 'Resource has been deleted',
        });
      ctx.state.deleteEvent(cal.info.id, request.params.eventId);
      return reply.code(204).send();
    },
  );
}
