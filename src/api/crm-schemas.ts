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

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as acme.com');

export const accountItemSchema = z
  .object({
    externalId: externalId.optional(),
    name: z.string().trim().min(1).max(300),
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
  .meta({ id: 'CrmAccount' });
export type AccountItem = z.infer<typeof accountItemSchema>;

const personFields = {
  externalId: externalId.optional(),
  email: z.email().max(320),
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
  .object({ ...personFields, company: z.string().trim().max(300).nullish() })
  .refine(oneAccountReference, oneAccountMessage)
  .meta({ id: 'CrmLead' });
export type LeadItem = z.infer<typeof leadItemSchema>;

export const contactItemSchema = z
  .object({
    ...personFields,
    title: z
      .string()
      .trim()
      .max(300)
      .nullish()
      .describe('job title: procurement, legal, finance and executives help type meetings'),
  })
  .refine(oneAccountReference, oneAccountMessage)
  .meta({ id: 'CrmContact' });
export type ContactItem = z.infer<typeof contactItemSchema>;

const items = <T extends z.ZodType>(schema: T) => z.array(schema).min(1).max(MAX_CRM_ITEMS);

export const accountsBodySchema = z.object({ accounts: items(accountItemSchema) });
export const leadsBodySchema = z.object({ leads: items(leadItemSchema) });
export const contactsBodySchema = z.object({ contacts: items(contactItemSchema) });

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

export const accountListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        externalId: z.string().nullable(),
        name: z.string(),
        domains: z.array(z.string()),
        stage: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CrmAccountList' });
export type AccountList = z.infer<typeof accountListSchema>;
