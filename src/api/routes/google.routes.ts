/** Connecting a Google account: start, check and end; the callback and push live in public.routes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { googleConnectBodySchema } from '../schemas.js';
import { oauthProviderRoutes } from './oauth-provider.routes.js';

export function googleRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return oauthProviderRoutes(
    {
      path: 'google',
      name: 'Google Calendar',
      connectBody: googleConnectBodySchema,
      connectDescription:
        'Returns the Google authorisation URL (offline access, read-only calendar scope unless `writeAccess` asks to change events too, PKCE, a single-use `state` bound to you that expires in 10 minutes). Open it in a browser; Google redirects to `/api/calendar/callback/google/`, which stores the tokens encrypted, lists the calendars, opens push channels and queues the first sync. Started with an API token (not from the dashboard), the callback first shows a page that names you and asks; its button finishes the connection.',
      testDescription:
        'A connection whose grant Google refuses (`invalid_grant`) is marked `reauth_required` and is no longer synced until it is connected again.',
      disconnectSummary:
        'Disconnect Google: stop push channels, revoke the grant, delete the tokens',
    },
    deps.google,
  );
}
