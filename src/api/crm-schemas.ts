/**
 * Schemas of the CRM routes (/api/v1/crm): bulk upserts of accounts, leads and contacts with the
 * fields of the analysis contract's organisation file, the CRM's own ids as `externalId`.
 */
import { z } from 'zod';
import { ACCOUNT_STAGES } from '../domain/matching/crm.js';

/** At most this many records per call: a CRM pages its export through several calls. */
export const MAX_CRM_ITEMS = 5000;

const externalId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe(
    "the CRM's own id for the record: a record with the same externalId is updated; without one, accounts match by name and people by email",
  );

/**
 * The field every record has (an account's name, a person's email): a new record needs it, an
 * update by externalId may leave it out (kept), and nobody may clear it.
 */
const requiredOnNew = <T extends z.ZodType>(schema: T, what: string) =>
  schema
    .optional()
    .describe(
      `${what}: required for a new record; an update by externalId may leave it out (kept), but may not clear it with null`,
    );

/** null names no type: say why it is refused instead of "expected string, received null". */
const notNull = (field: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === null
      ? `${field} cannot be cleared (null): leave it out to keep the stored one`
      : undefined,
});

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as acme.com');

/** Without an externalId the record is matched by this field, or created: it must be there. */
const identified =
  <F extends string>(field: F, record: string) =>
  (
    item: { externalId?: string | undefined } & { [K in F]?: unknown },
    context: z.RefinementCtx,
  ) => {
    if (item.externalId !== undefined || item[field] !== undefined) return;
    context.addIssue({
      code: 'custom',
      path: [field],
      message: `is required (a new ${record}; to update a stored one without it, give its externalId)`,
    });
  };

export const accountItemSchema = z
  .strictObject({
    externalId: externalId.optional(),
    name: requiredOnNew(z.string(notNull('name')).trim().min(1).max(300), "the account's name"),
    domains: z
      .array(domain)
      .max(100)
      .optional()
      .describe(
        'email domains of the company; subdomains belong to the account too (omitted: unchanged, none on a new account)',
      ),
    stage: z
      .enum(ACCOUNT_STAGES)
      .nullish()
      .describe('the CRM opportunity stage, when known (omitted: unchanged; null clears it)'),
  })
  .superRefine(identified('name', 'account'))
  .meta({ id: 'CrmAccount' });
export type AccountItem = z.infer<typeof accountItemSchema>;

const personFields = {
  externalId: externalId.optional(),
  email: requiredOnNew(z.email(notNull('email')).max(320), "the person's email"),
  name: z.string().trim().max(300).nullish(),
  accountId: z.string().min(1).max(100).nullish().describe("the account by calintel's id"),
  accountExternalId: externalId
    .nullish()
    .describe("the account by the CRM's id (the account's externalId)"),
};

/** Only one way of naming the account, so that two names can never disagree. */
const oneAccountReference = <
  T extends { accountId?: string | null; accountExternalId?: string | null },
>(
  item: T,
) => !(item.accountId && item.accountExternalId);
const oneAccountMessage = {
  message: 'give accountId or accountExternalId, not both',
  path: ['accountExternalId'],
};

export const leadItemSchema = z
  .strictObject({ ...personFields, company: z.string().trim().max(300).nullish() })
  .refine(oneAccountReference, oneAccountMessage)
  .superRefine(identified('email', 'lead'))
  .meta({ id: 'CrmLead' });
export type LeadItem = z.infer<typeof leadItemSchema>;

export const contactItemSchema = z
  .strictObject({
    ...personFields,
    title: z
      .string()
      .trim()
      .max(300)
      .nullish()
      .describe('job title: procurement, legal, finance and executives help type meetings'),
  })
  .refine(oneAccountReference, oneAccountMessage)
  .superRefine(identified('email', 'contact'))
  .meta({ id: 'CrmContact' });
export type ContactItem = z.infer<typeof contactItemSchema>;

const items = <T extends z.ZodType>(schema: T) => z.array(schema).min(1).max(MAX_CRM_ITEMS);

export const accountsBodySchema = z.strictObject({ accounts: items(accountItemSchema) });
export const leadsBodySchema = z.strictObject({ leads: items(leadItemSchema) });
export const contactsBodySchema = z.strictObject({ contacts: items(contactItemSchema) });

/**
 * What the routes validate before the handler: the list, not its items. The items are checked
 * one by one by the service, so that a 400 names every problem of every item at once (schema and
 * references alike) with its index and externalId; the schemas above document them.
 */
export const batchEnvelopes = {
  accounts: z.strictObject({ accounts: items(z.unknown()) }),
  leads: z.strictObject({ leads: items(z.unknown()) }),
  contacts: z.strictObject({ contacts: items(z.unknown()) }),
};

export const crmBatchErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().describe('every problem, each where it is: `body.leads.3.email: ...`'),
      errors: z
        .array(
          z.object({
            index: z.number().describe("the item's position in the list, from 0"),
            externalId: z.string().nullable().describe('the externalId the item sent, if any'),
            field: z
              .string()
              .nullable()
              .describe('the field at fault (`domains.0`), or an unknown key the item sent'),
            message: z.string(),
          }),
        )
        .optional()
        .describe(
          'one entry per problem of an item (schema, references, a record named twice, a new record without its name or email), all at once, by index',
        ),
    }),
  })
  .meta({ id: 'CrmBatchError' });

export const crmUpsertResultSchema = z
  .object({
    upserted: z.number(),
    items: z
      .array(z.object({ id: z.string(), externalId: z.string().nullable() }))
      .describe("calintel's id of each record, in the order given"),
    redetection: z
      .object({ users: z.number() })
      .describe('users of your organisation whose meetings are being detected again (queued)'),
  })
  .meta({ id: 'CrmUpsertResult' });
export type CrmUpsertResult = z.infer<typeof crmUpsertResultSchema>;
