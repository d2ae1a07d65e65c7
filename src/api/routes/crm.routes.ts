import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  accountListSchema,
  accountsBodySchema,
  contactsBodySchema,
  crmUpsertResultSchema,
  leadsBodySchema,
  MAX_CRM_ITEMS,
} from '../crm-schemas.js';
import { errorSchema } from '../schemas.js';

const responses = {
  200: crmUpsertResultSchema,
  400: errorSchema,
  401: errorSchema,
  413: errorSchema,
};

const upsertRule = `Up to ${MAX_CRM_ITEMS} records per call, each upserted by its externalId, else by its natural key; nothing is deleted. A call names each record once: two items with one externalId, or without one the same natural key, are refused (400) and nothing is written. On an update, a field you leave out keeps its stored value (a CRM can push only what changed) and \`null\` clears it. A record whose externalId your organisation has may leave out every other field, its name or email too; a new record needs them, and an account's name or a person's email cannot be cleared. A call is all or nothing: any refused item (a 400 naming each, by index, field and externalId) leaves every record as it was. Your organisation's meetings are detected again afterwards (queued).`;

/** Registered under /api/v1/crm: CRM records belong to the organisation, not to a calendar. */
export function crmRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/accounts/',
      {
        schema: {
          summary: "Your organisation's CRM accounts, by name",
          tags: ['crm'],
          security: [{ bearer: [] }],
          response: { 200: accountListSchema, 401: errorSchema },
        },
      },
      async (request) => ({ items: await deps.crm.listAccounts(callerOf(request)) }),
    );

    app.put(
      '/accounts/',
      {
        schema: {
          summary: "Upsert your organisation's CRM accounts",
          description: `${upsertRule} Accounts without externalId match by name.`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: accountsBodySchema,
          response: responses,
        },
      },
      async (request) => deps.crm.upsertAccounts(callerOf(request), request.body.accounts),
    );

    app.put(
      '/leads/',
      {
        schema: {
          summary: "Upsert your organisation's CRM leads",
          description: `${upsertRule} Leads without externalId match by email. A lead's account is named by accountId or accountExternalId and must be one of your organisation's.`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: leadsBodySchema,
          response: responses,
        },
      },
      async (request) => deps.crm.upsertLeads(callerOf(request), request.body.leads),
    );

    app.put(
      '/contacts/',
      {
        schema: {
          summary: "Upsert your organisation's CRM contacts",
          description: `${upsertRule} Contacts without externalId match by email. A contact's account is named by accountId or accountExternalId and must be one of your organisation's.`,
          tags: ['crm'],
          security: [{ bearer: [] }],
          body: contactsBodySchema,
          response: responses,
        },
      },
      async (request) => deps.crm.upsertContacts(callerOf(request), request.body.contacts),
    );
  };
}
