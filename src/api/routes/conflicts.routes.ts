import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import { cursorOwner, requestCursors } from '../page-cursor.js';
import {
  conflictListQuerySchema,
  conflictPageSchema,
  conflictSettingsPatchSchema,
  conflictSettingsSchema,
  resolveBodySchema,
  reopenResultSchema,
  resolveResultSchema,
} from '../conflicts-schemas.js';
import { errorSchema } from '../schemas.js';

const id = z.string().min(1).max(100);

export function conflictsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/conflicts/',
      {
        schema: {
          summary: 'List your scheduling conflicts, sorted by start',
          description:
            'Overlaps (opaque, not cancelled, not declined by you; touching ends are not a conflict; an all-day busy event blocks its days, a transparent one does not; tentative ones rank lower; three meetings overlapping at once are one conflict), travel (consecutive in-person meetings at places too far apart for the gap between them) and duplicates (one meeting on two of your calendars), across all your calendars and providers. Each comes with its events, why it matters, and ranked suggestions. An undecided conflict whose events have all ended is `past`, not `open`: nothing can be done about it, so it has no suggestions and is not among `status=open`; the default range starts now, so ask with a `from` in the past to read past ones (`status=past` for only those). Conflicts are recomputed after every sync, only on the days that changed; one whose events are gone meanwhile is left out until then, so a page may hold fewer than `limit` (even none) while `nextCursor` is not null: follow it until it is.',
          tags: ['conflicts'],
          security: [{ bearer: [] }],
          querystring: conflictListQuerySchema,
          response: { 200: conflictPageSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => {
        const cursors = requestCursors('conflicts', request.query, cursorOwner(deps, request));
        const page = await deps.conflicts.list(callerOf(request), {
          ...request.query,
          cursor: cursors.position,
        });
        return { ...page, nextCursor: cursors.next(page.nextCursor) };
      },
    );

    app.post(
      '/conflicts/:id/resolve/',
      {
        schema: {
          summary: 'Apply a suggestion to a conflict, or dismiss it',
          description:
            'Records the decision on the conflict (who, when, how); POST /conflicts/{id}/reopen/ takes it back. A conflict whose events have all ended is past and is neither resolved nor dismissed: 409 `conflict_past`, nothing recorded. A suggestion is named by its id, which is bound to the conflict as you loaded it: if the conflict changed since (a sync moved its meetings and its suggestions were found again) the call answers 409 and nothing is done; reload and choose again. An id the conflict never listed (another conflict’s, or a typo) answers 400 `unknown_suggestion`. Declining a meeting or deleting your own hold is also done in your calendar when you turned on write-back and the connection has write access; other suggestions (a new time, a delegate) are recorded for you to carry out. Before writing, calintel checks that the event is still as the conflict was found on, and reads it again from the provider (a hold that now has guests is not deleted): otherwise 409, nothing written. Every write is audited; when one fails after others were done, the conflict is open again and its resolution lists what was written (state partial). A decision whose writes were cut short shows state interrupted and can be applied again. A dismissed conflict stays dismissed until its meetings move.',
          tags: ['conflicts'],
          security: [{ bearer: [] }],
          params: z.object({ id }),
          body: resolveBodySchema,
          response: {
            200: resolveResultSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
            502: errorSchema,
          },
        },
      },
      async (request) => deps.conflicts.resolve(callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/conflicts/:id/reopen/',
      {
        schema: {
          summary: 'Take a decision on a conflict back: it is open again',
          description:
            'Reopens a resolved or dismissed conflict (yours, or one your organisation’s policy resolved), so that it is listed as open and can be decided again; the policy then leaves it to you. Reopening changes nothing in your calendar: when the decision declined a meeting or deleted your hold there, that stays done (calintel does not accept the meeting again or recreate the hold), and `keptWrites` lists it for you to change back yourself. A conflict whose events have all ended is past: 409 `conflict_past`, nothing changed. An open conflict (nothing to take back), one the calendars no longer show (cleared), one being resolved right now, or one that changed since it was read answers 409 `conflict`; another user’s conflict 404.',
          tags: ['conflicts'],
          security: [{ bearer: [] }],
          params: z.object({ id }),
          response: {
            200: reopenResultSchema,
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => deps.conflicts.reopen(callerOf(request), request.params.id),
    );

    app.get(
      '/conflicts/settings/',
      {
        schema: {
          summary: 'Your write-back choice and your organisation’s conflict policy',
          tags: ['conflicts'],
          security: [{ bearer: [] }],
          response: { 200: conflictSettingsSchema, 401: errorSchema },
        },
      },
      async (request) => deps.conflicts.settings(callerOf(request)),
    );

    app.patch(
      '/conflicts/settings/',
      {
        schema: {
          summary: 'Change your write-back choice or the organisation’s conflict policy',
          description:
            'Auto-resolution is off until the policy turns it on: then duplicates are merged and your own holds that collide with customer meetings released as soon as they are found (a customer meeting on your own calendar that you accepted or organise, not as an optional guest; a hold under an invitation you have not accepted, or under a meeting on a colleague’s calendar shared with you, is left for you to decide) (written back only with your write-back on). Your write-back choice is yours to change; the policy is the organisation’s, and only its admins may change it (`forbidden`, 403, for a member: nothing in the request is changed).',
          tags: ['conflicts'],
          security: [{ bearer: [] }],
          body: conflictSettingsPatchSchema,
          response: {
            200: conflictSettingsSchema,
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
          },
        },
      },
      async (request) => deps.conflicts.updateSettings(callerOf(request), request.body),
    );
  };
}
