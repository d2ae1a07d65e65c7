/** Connecting an Outlook / Microsoft 365 account: start, check and end (see public.routes too). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { outlookConnectBodySchema } from '../schemas.js';
import { oauthProviderRoutes } from './oauth-provider.routes.js';

export function outlookRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return oauthProviderRoutes(
    {
      path: 'outlook',
      name: 'Outlook',
      connectBody: outlookConnectBodySchema,
      connectDescription:
        'Returns the Microsoft sign-in URL (MSAL, PKCE, `offline_access User.Read Calendars.Read`, plus `Calendars.ReadWrite` when `writeAccess` asks for it, a single-use `state` bound to you that expires in 10 minutes). Open it in a browser; Microsoft redirects to `/api/calendar/callback/outlook/`, which stores the token cache encrypted, lists the calendars, subscribes to each (change notifications) and queues the first sync. Started with an API token (not from the dashboard), the callback first shows a page that names you and asks; its button finishes the connection.',
      testDescription:
        'A connection whose grant Microsoft refuses (`invalid_grant`, `interaction_required`) is marked `reauth_required` and is no longer synced until it is connected again.',
      disconnectSummary: 'Disconnect Outlook: delete the subscriptions and the stored tokens',
    },
    deps.outlook,
  );
}
