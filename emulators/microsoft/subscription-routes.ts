/** /subscriptions: create (after the handshake), list, get, renew (PATCH), reauthorize, delete. */
import type { FastifyInstance } from 'fastify';
import { requireCalendarReader } from './api-auth.js';
import type { EmulatorContext } from './context.js';
import { accessDenied, invalidRequest } from './errors.js';
import { graphInstant } from './graph-times.js';
import type { SeededUser } from './state.js';
import type { Subscription, SubscriptionRequest } from './subscriptions.js';

type IdParams = { Params: { version: string; id: string } };

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { version: string } }>('/:version/subscriptions', async (request, reply) => {
    const user = requireCalendarReader(request, ctx.identity);
    const created = await ctx.subscriptions.create((request.body ?? {}) as SubscriptionRequest, {
      user,
      tenantId: ctx.state.tenantId,
      applicationId: ctx.identity.client.clientId,
      calendarOf: (resource) => calendarOf(ctx, user, resource),
    });
    return reply.code(201).send(resourceOf(ctx, request.params.version, created));
  });

  app.get<{ Params: { version: string } }>('/:version/subscriptions', async (request) => {
    const user = requireCalendarReader(request, ctx.identity);
    return {
      '@odata.context': `${ctx.baseUrl()}/${request.params.version}/$metadata#subscriptions`,
      value: ctx.subscriptions
        .listFor(user.email)
        .map((s) => resourceOf(ctx, request.params.version, s)),
    };
  });

  app.get<IdParams>('/:version/subscriptions/:id', async (request) => {
    const user = requireCalendarReader(request, ctx.identity);
    return resourceOf(
      ctx,
      request.params.version,
      ctx.subscriptions.get(request.params.id, user.email),
    );
  });

  app.patch<IdParams>('/:version/subscriptions/:id', async (request) => {
    const user = requireCalendarReader(request, ctx.identity);
    const body = (request.body ?? {}) as { expirationDateTime?: unknown };
    const renewed = ctx.subscriptions.renew(request.params.id, user.email, body.expirationDateTime);
    return resourceOf(ctx, request.params.version, renewed);
  });

  app.post<IdParams>('/:version/subscriptions/:id/reauthorize', async (request, reply) => {
    const user = requireCalendarReader(request, ctx.identity);
    ctx.subscriptions.reauthorize(request.params.id, user.email);
    return reply.code(200).send();
  });

  app.delete<IdParams>('/:version/subscriptions/:id', async (request, reply) => {
    const user = requireCalendarReader(request, ctx.identity);
    ctx.subscriptions.delete(request.params.id, user.email);
    return reply.code(204).send();
  });
}

/**
 * The calendar a resource watches: null for the whole mailbox (`/me/events`,
 * `/users/{id}/events`), an id for `/me/calendars/{id}/events`; another user's mailbox is 403.
 */
function calendarOf(ctx: EmulatorContext, user: SeededUser, resource: string): string | null {
  const path = resource.replace(/^\/+/, '').replace(/\/+$/, '');
  const match = /^(me|users\/([^/]+))\/(events|calendar\/events|calendars\/([^/]+)\/events)$/i.exec(
    path,
  );
  if (!match) throw invalidRequest(`Resource '${resource}' is not supported for this request.`);
  const who = match[2] ? decodeURIComponent(match[2]).toLowerCase() : null;
  if (who && who !== user.id && who !== user.email) throw accessDenied();
  if (match[4]) return ctx.state.calendarFor(user.email, decodeURIComponent(match[4])).info.id;
  if (/^calendar\//i.test(match[3] ?? '')) return ctx.state.defaultCalendar(user.email).info.id;
  return null;
}

function resourceOf(ctx: EmulatorContext, version: string, s: Subscription) {
  return {
    '@odata.context': `${ctx.baseUrl()}/${version}/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: graphInstant(s.expirationMs).replace('.0000000Z', 'Z'),
    creatorId: s.creatorId,
    includeResourceData: s.includeResourceData,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
