import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import { profilePatchSchema, profileSchema } from '../profile-schemas.js';
import { errorSchema } from '../schemas.js';

/** The caller's own profile: only ever theirs (no id in the path), as a token or session has one user. */
export function profileRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/',
      {
        schema: {
          summary: 'Your profile',
          tags: ['profile'],
          security: [{ bearer: [] }],
          response: { 200: profileSchema, 401: errorSchema },
        },
      },
      async (request) => deps.profile.get(callerOf(request)),
    );

    app.patch(
      '/me/',
      {
        schema: {
          summary: 'Change your time zone',
          description:
            'Sets the zone your times are read in. The dashboard and the lists (`from`/`to` dates without a `timeZone`) read it at once; what calintel found in the old zone is found again in the background: meeting detection (a meeting’s time of day, when neither the event nor its calendar names a zone) and, after 30 seconds that the changes made meanwhile join, the organisation’s conflicts (working hours, suggested slots). A calendar that names no zone of its own (an ICS feed or file, some CalDAV calendars) keeps the zone it was stored with: its floating times were written where the calendar is, not where you are now. The change is recorded in the audit log. Only your own profile: the body names no user (another field answers 400). An unknown zone answers 400 `unknown_time_zone`, nothing changed.',
          tags: ['profile'],
          security: [{ bearer: [] }],
          body: profilePatchSchema,
          response: { 200: profileSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => deps.profile.setTimeZone(callerOf(request), request.body.timeZone),
    );
  };
}
