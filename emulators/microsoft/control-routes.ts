/**
 * The control API under /__control/ (JSON): the same operations as MicrosoftEmulatorControl, for
 * tests and tools in another process. It needs no token: the emulator is a local test tool.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MicrosoftEmulatorControl } from './control.js';
import { faultRuleSchema } from './faults.js';
import { eventSchema } from './seed.js';
import type { SettingsPatch } from './settings.js';
import type { GraphEventInput, GraphEventPatch } from './types.js';

type EventParams = { Params: { calendarId: string; eventId: string } };
type CalendarParams = { Params: { calendarId: string } };

const dateTimeZone = z.object({ dateTime: z.string(), timeZone: z.string() });
const moveSchema = z.object({ start: dateTimeZone, end: dateTimeZone });
const calendarSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  isDefaultCalendar: z.boolean().optional(),
});

export function registerControlRoutes(
  app: FastifyInstance,
  control: MicrosoftEmulatorControl,
): void {
  registerEventControls(app, control);
  registerFaultControls(app, control);
  app.get('/__control/users', async () => control.users());
  app.post<{ Params: { user: string } }>(
    '/__control/users/:user/calendars',
    async (request, reply) =>
      reply
        .code(201)
        .send(control.addCalendar(request.params.user, calendarSchema.parse(request.body))),
  );
  app.post<{ Params: { user: string } }>('/__control/users/:user/grant', async (request, reply) => {
    const body = z
      .object({ trouble: z.enum(['revoked', 'expired', 'interaction_required']).nullable() })
      .parse(request.body);
    control.setGrantTrouble(request.params.user, body.trouble);
    return reply.code(204).send();
  });
  app.post('/__control/tokens/expire-access', async (request) => ({
    expired: control.expireAccessTokens(
      z.object({ user: z.string().optional() }).parse(request.body ?? {}).user,
    ),
  }));
  app.post('/__control/delta/expire', async (request) => {
    const body = z
      .object({ fate: z.enum(['resync', 'notFound']), user: z.string().optional() })
      .parse(request.body);
    return { expired: control.expireDeltaTokens(body.fate, body.user) };
  });
  app.get('/__control/subscriptions', async () => control.subscriptions());
  app.post<{ Params: { id: string } }>('/__control/subscriptions/:id/lifecycle', async (request) =>
    control.lifecycle(
      request.params.id,
      z
        .object({ event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']) })
        .parse(request.body).event,
    ),
  );
  app.get('/__control/deliveries', async () => control.deliveries());
  app.get('/__control/load', async () => control.load());
  app.get('/__control/settings', async () => control.settings());
  app.patch('/__control/settings', async (request) =>
    control.updateSettings((request.body ?? {}) as SettingsPatch),
  );
  app.post('/__control/reset', async (_request, reply) => {
    control.reset();
    return reply.code(204).send();
  });
}

function registerEventControls(app: FastifyInstance, control: MicrosoftEmulatorControl): void {
  const base = '/__control/calendars/:calendarId/events';
  app.get<CalendarParams>(base, async (request) => ({
    value: control.listTruth(request.params.calendarId),
  }));
  app.post<CalendarParams>(base, async (request, reply) => {
    const event = eventSchema.parse(request.body) as GraphEventInput;
    return reply.code(201).send(control.addEvent(request.params.calendarId, event));
  });
  app.patch<EventParams>(`${base}/:eventId`, async (request) => {
    const patch = z.record(z.string(), z.unknown()).parse(request.body) as GraphEventPatch;
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
    control.deleteEvent(request.params.calendarId, request.params.eventId);
    return reply.code(204).send();
  });
}

function registerFaultControls(app: FastifyInstance, control: MicrosoftEmulatorControl): void {
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
