/** Schemas of the CRM lists (GET /api/v1/crm/accounts|leads|contacts/): pages, filters, items. */
import { z } from 'zod';
import { pageParams } from './page-params.js';

const filter = (what: string) => z.string().trim().min(1).max(320).optional().describe(what);

const listOrder =
  'Oldest first (by when calintel stored the record, then its id), so that records added while you page come after your position: none is skipped or repeated. Pages with an opaque cursor: pass `nextCursor` back as `cursor`, with the same filters (a cursor of another list or other filters is a 400 `invalid_cursor`; `limit` may change).';

export const accountListQuerySchema = z.strictObject({
  externalId: filter("the account with this CRM id (the account's externalId)"),
  domain: filter('accounts with this email domain, exactly (acme.com; not its subdomains)'),
  ...pageParams,
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export const personListQuerySchema = z.strictObject({
  externalId: filter("the person with this CRM id (the person's externalId)"),
  email: filter('the people with this email, without case'),
  accountId: filter("the people of this account, by calintel's id"),
  accountExternalId: filter("the people of this account, by the CRM's id"),
  ...pageParams,
});
export type PersonListQuery = z.infer<typeof personListQuerySchema>;

const accountView = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  domains: z.array(z.string()),
  stage: z.string().nullable(),
});

const personView = {
  id: z.string(),
  externalId: z.string().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  accountId: z.string().nullable().describe("the person's account, by calintel's id"),
  accountExternalId: z.string().nullable().describe("the person's account, by the CRM's id"),
};

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('pass as `cursor` for the next page; null on the last'),
  });

export const accountListSchema = page(accountView).meta({ id: 'CrmAccountList' });
export type AccountList = z.infer<typeof accountListSchema>;
export const leadListSchema = page(
  z.object({ ...personView, company: z.string().nullable() }),
).meta({ id: 'CrmLeadList' });
export type LeadList = z.infer<typeof leadListSchema>;
export const contactListSchema = page(
  z.object({ ...personView, title: z.string().nullable() }),
).meta({ id: 'CrmContactList' });
export type ContactList = z.infer<typeof contactListSchema>;

export const CRM_LIST_ORDER = listOrder;
