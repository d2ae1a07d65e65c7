/** events.watch and channels.stop (contract §1.3). */
import type { FastifyInstance } from 'fastify';
import { requireUser } from './api-auth.js';
import type { EmulatorContext } from './context.js';
import type { WatchRequest } from './push.js';

export function registerChannelRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { calendarId: string }; Body: WatchRequest | undefined }>(
    '/calendar/v3/calendars/:calendarId/events/watch',
    async (request) => {
      const user = requireUser(request, ctx.oauth);
      const asked = request.params.calendarId;
      const cal = ctx.state.calendarFor(user, asked);
      const params = new URL(request.url, 'http://emulator').searchParams;
      params.set('alt', 'json');
      const channel = ctx.push.create(request.body ?? {}, {
        calendarId: cal.info.id,
        user,
        resourceUri: `${ctx.baseUrl()}/calendar/v3/calendars/${encodeURIComponent(asked)}/events?${params}`,
      });
      return {
        kind: 'api#channel',
        id: channel.id,
        resourceId: channel.resourceId,
        resourceUri: channel.resourceUri,
        ...(channel.token !== undefined ? { token: channel.token } : {}),
        expiration: String(channel.expiration),
      };
    },
  );

  app.post<{ Body: { id?: unknown; resourceId?: unknown } | undefined }>(
    '/calendar/v3/channels/stop',
    async (request, reply) => {
      const user = requireUser(request, ctx.oauth);
      ctx.push.stop(request.body?.id, request.body?.resourceId, user);
      return reply.code(204).send();
    },
  );
}
