import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  accountListQuerySchema,
  accountListSchema,
  contactListSchema,
  CRM_LIST_ORDER,
  leadListSchema,
  personListQuerySchema,
} from '../crm-list-schemas.js';
import {
  accountsBodySchema,
  batchEnvelopes,
  contactsBodySchema,
  crmBatchErrorSchema,
  crmUpsertResultSchema,
  leadsBodySchema,
  MAX_CRM_ITEMS,
} from '../crm-schemas.js';
import { cursorOwner, requestCursors, type CursorOwner, type PagedList } from '../page-cursor.js';
import { errorSchema } from '../schemas.js';

const responses = {
  200: crmUpsertResultSchema,
  400: crmBatchErrorSchema,
  401: errorSchema,
  413: errorSchema,
};

const upsertRule = `Up to ${MAX_CRM_ITEMS} records per call, each upserted by its externalId, else by its natural key; nothing is deleted. A record whose externalId is new adopts the stored record of its natural key that has no externalId (one pushed before without ids), and sets its externalId; a stored record with another externalId is never matched by natural key: two CRM ids are two records. A call names each record once: two items with one externalId, or without one the same natural key, are refused (400) and nothing is written. On an update, a field you leave out keeps its stored value (a CRM can push only what changed) and \`null\` clears it. A record whose externalId your organisation has may leave out every other field, its name or email too; a new record needs them, and an account's name or a person's email cannot be cleared. A field the record does not have (a misspelled \`domain\`, \`Stage\`) is refused, never dropped. A call is all or nothing: any refused item leaves every record as it was, and the 400 names every problem of every item at once, in \`error.errors\` (index, externalId, field, message) and in \`error.message\`. Your organisation's meetings are detected again afterwards (queued).`;

/**
 * The body's list is validated before the handler, its items by the service: the route's body
 * schema documents the items, this checks only the envelope (see batchEnvelopes). The PUT routes
 * validate nothing else (no params, no querystring schema).
 */
const envelopeOnly =
  (envelope: (typeof batchEnvelopes)[keyof typeof batchEnvelopes]) =>
  (route: FastifyRouteSchemaDef<unknown>) => {
    if (route.httpPart !== 'body') throw new Error(`no ${route.httpPart} schema on ${route.url}`);
    return validatorCompiler({ ...route, schema: envelope });
  };

const listDescription = (what: string) => `${what} ${CRM_LIST_ORDER}`;

function personListRoute<S extends typeof leadListSchema | typeof contactListSchema>(
  kind: 'leads' | 'contacts',
  schema: S,
) {
  const what = kind === 'leads' ? 'Leads' : 'Contacts';
  return {
    summary: `Your organisation's CRM ${kind}, a page at a time`,
    description: listDescription(
      `${what} as calintel holds them, filtered by externalId, email (without case) or account (by calintel's id or the CRM's).`,
    ),
    tags: ['crm'],
    security: [{ bearer: [] }],
    querystring: personListQuerySchema,
    response: { 200: schema, 400: errorSchema, 401: errorSchema },
  };
}

/** Registered under /api/v1/crm: CRM records belong to the organisation, not to a calendar. */
export function crmRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    /** A page of a list, its cursor bound to the list and its filters as every list's is. */
    const paged = async <
      Q extends { cursor?: string | undefined },
      P extends { nextCursor: string | null },
    >(
      list: PagedList,
      owner: CursorOwner,
      query: Q,
      read: (query: Q) => Promise<P>,
    ) => {
      const cursors = requestCursors(list, query, owner);
      const page = await read({ ...query, cursor: cursors.position });
      return { ...page, nextCursor: cursors.next(page.nextCursor) };
    };

    app.get(
      '/accounts/',
      {
        schema: {
          summary: "Your organisation's CRM accounts, a page at a time",
          description: listDescription(
            'Accounts as calintel holds them, filtered by externalId or an email domain.',
          ),
          tags: ['crm'],
          security: [{ bearer: [] }],
          querystring: accountListQuerySchema,
          response: { 200: accountListSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) =>
        paged('crm-accounts', cursorOwner(deps, request), request.query, (query) =>
          deps.crm.listAccounts(callerOf(request), query),
        ),
    );

    app.get('/leads/', { schema: personListRoute('leads', leadListSchema) }, async (request) =>
      paged('crm-leads', cursorOwner(deps, request), request.query, (query) =>
        deps.crm.listLeads(callerOf(request), query),
      ),
    );

    app.get(
      '/contacts/',
      { schema: personListRoute('contacts', contactListSchema) },
      async (request) =>
        paged('crm-contacts', cursorOwner(deps, request), request.query, (query) =>
          deps.crm.listContacts(callerOf(request), query),
        ),
    );

    app.put(
      '/accounts/',
      {
        schema: {
          summary: "Upsert your organisation's CRM accounts",
          description: `${upsertRule} Accounts without externalId match by name, without case and extra spaces ("Umbrella" and " umbrella " are one account).`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: accountsBodySchema,
          response: responses,
        },
        validatorCompiler: envelopeOnly(batchEnvelopes.accounts),
      },
      async (request) => deps.crm.upsertAccounts(callerOf(request), request.body.accounts),
    );

    app.put(
      '/leads/',
      {
        schema: {
          summary: "Upsert your organisation's CRM leads",
          description: `${upsertRule} Leads without externalId match by email, without case. A lead's account is named by accountId or accountExternalId and must be one of your organisation's.`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: leadsBodySchema,
          response: responses,
        },
        validatorCompiler: envelopeOnly(batchEnvelopes.leads),
      },
      async (request) => deps.crm.upsertLeads(callerOf(request), request.body.leads),
    );

    app.put(
      '/contacts/',
      {
        schema: {
          summary: "Upsert your organisation's CRM contacts",
          description: `${upsertRule} Contacts without externalId match by email, without case. A contact's account is named by accountId or accountExternalId and must be one of your organisation's.`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: contactsBodySchema,
          response: responses,
        },
        validatorCompiler: envelopeOnly(batchEnvelopes.contacts),
      },
      async (request) => deps.crm.upsertContacts(callerOf(request), request.body.contacts),
    );
  };
}
