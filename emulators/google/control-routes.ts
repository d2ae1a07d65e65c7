/**
 * The control API under /__control/ (JSON): the same operations as GoogleEmulatorControl, for
 * tests and tools in another process. It needs no token: the emulator is a local test tool.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GoogleEmulatorControl } from './control.js';
import { faultRuleSchema } from './faults.js';
import { eventSchema } from './seed.js';
import type { SettingsPatch } from './settings.js';
import type { GoogleEventInput, GoogleEventPatch, GoogleSeedCalendar } from './types.js';

type EventParams = { Params: { calendarId: string; eventId: string } };
type CalendarParams = { Params: { calendarId: string } };

const moveSchema = z.object({
  start: z.record(z.string(), z.string()),
  end: z.record(z.string(), z.string()),
});
const userSchema = z.object({ user: z.string().optional() });
const calendarSchema = z.looseObject({ id: z.string().min(1) });

export function registerControlRoutes(app: FastifyInstance, control: GoogleEmulatorControl): void {
  registerEventControls(app, control);
  registerFaultControls(app, control);

  app.get('/__control/users', async () => control.users());
  app.post<{ Params: { user: string } }>('/__control/users/:user/calendars', async (request) =>
    control.addCalendar(
      request.params.user,
      calendarSchema.parse(request.body) as GoogleSeedCalendar,
    ),
  );
  app.get('/__control/channels', async () => control.channels());
  app.get('/__control/deliveries', async () => control.deliveries());
  app.post('/__control/tokens/expire-access', async (request) => ({
    expired: control.expireAccessTokens(userSchema.parse(request.body ?? {}).user),
  }));
  app.post('/__control/tokens/invalidate-refresh', async (request) => ({
    revoked: control.invalidateRefreshTokens(
      z.object({ user: z.string() }).parse(request.body).user,
    ),
  }));
  app.get('/__control/settings', async () => control.settings());
  app.patch('/__control/settings', async (request) =>
    control.updateSettings((request.body ?? {}) as SettingsPatch),
  );
  app.post('/__control/reset', async (_request, reply) => {
    control.reset();
    return reply.code(204).send();
  });
}

function registerEventControls(app: FastifyInstance, control: GoogleEmulatorControl): void {
  const base = '/__control/calendars/:calendarId/events';
  app.get<CalendarParams>(base, async (request) => {
    const params = new URL(request.url, 'http://emulator').searchParams;
    return {
      items: control.listTruth(request.params.calendarId, {
        singleEvents: params.get('singleEvents') === 'true',
        ...(params.has('showDeleted') ? { showDeleted: params.get('showDeleted') === 'true' } : {}),
      }),
    };
  });
  app.post<CalendarParams>(base, async (request, reply) => {
    const event = eventSchema.parse(request.body) as GoogleEventInput;
    return reply.code(201).send(control.addEvent(request.params.calendarId, event));
  });
  app.patch<EventParams>(`${base}/:eventId`, async (request) => {
    const patch = z.record(z.string(), z.unknown()).parse(request.body) as GoogleEventPatch;
    return control.updateEvent(request.params.calendarId, request.params.eventId, patch);
  });
  app.post<EventParams>(`${base}/:eventId/move`, async (request) =>
    control.moveEvent(
      request.params.calendarId,
      request.params.eventId,
      moveSchema.parse(request.body),
    ),
  );
  app.post<EventParams>(`${base}/:eventId/cancel`, async (request) =>
    control.cancelEvent(request.params.calendarId, request.params.eventId),
  );
  app.delete<EventParams>(`${base}/:eventId`, async (request, reply) => {
    const purge = new URL(request.url, 'http://emulator').searchParams.get('purge') === 'true';
    control.deleteEvent(request.params.calendarId, request.params.eventId, { purge });
    return reply.code(204).send();
  });
  app.post<CalendarParams>(
    '/__control/calendars/:calendarId/invalidate-sync-tokens',
    async (request) => ({
      invalidated: control.invalidateSyncTokens(request.params.calendarId),
    }),
  );
  app.post('/__control/invalidate-sync-tokens', async () => ({
    invalidated: control.invalidateSyncTokens(),
  }));
}

function registerFaultControls(app: FastifyInstance, control: GoogleEmulatorControl): void {
  app.get('/__control/faults', async () => control.faults());
  app.post('/__control/faults', async (request, reply) =>
    reply.code(201).send(control.addFault(faultRuleSchema.parse(request.body))),
  );
  app.delete('/__control/faults', async (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/__control/faults/:id', async (request, reply) =>
    reply.code(control.removeFault(request.params.id) ? 204 : 404).send(),
  );
  app.post('/__control/faults/seed', async (request, reply) => {
    control.seedFaults(z.object({ seed: z.number().int() }).parse(request.body).seed);
    return reply.code(204).send();
  });
}
