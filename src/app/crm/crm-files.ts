/**
 * CRM records from files: the organisation file of the analysis contract (org.json: the CRM's
 * ids as `id`, an account named by its CRM id as `accountId`), or a CSV of one kind with a header
 * row naming the same fields. Both become the items the CRM API takes, checked by its schemas.
 */
import { z } from 'zod';
import {
  accountItemSchema,
  contactItemSchema,
  leadItemSchema,
  type AccountItem,
  type ContactItem,
  type LeadItem,
} from '../../api/crm-schemas.js';
import { invalidInput } from '../../domain/errors.js';
import { parseCsv } from './csv.js';

export const CRM_KINDS = ['accounts', 'leads', 'contacts'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

export interface CrmRecords {
  internalDomains: string[];
  accounts: AccountItem[];
  leads: LeadItem[];
  contacts: ContactItem[];
}

const optionalText = z.string().nullish();
const listOf = <T extends z.ZodType>(schema: T) => z.array(schema).nullish();

const orgFileSchema = z.object({
  internalDomains: z.array(z.string()).nullish(),
  accounts: listOf(z.looseObject({ id: optionalText })),
  leads: listOf(z.looseObject({ id: optionalText, accountId: optionalText })),
  contacts: listOf(z.looseObject({ id: optionalText, accountId: optionalText })),
});

/** The contract's org.json: every list may be empty or absent; a byte-order mark is skipped. */
export function parseOrganisationFile(text: string): CrmRecords {
  let json: unknown;
  try {
    // Editors on Windows save UTF-8 with a BOM, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidInput(`not JSON: ${error instanceof Error ? error.message : 'parse error'}`);
  }
  const file = check(orgFileSchema, json, '');
  return {
    internalDomains: file.internalDomains ?? [],
    accounts: (file.accounts ?? []).map((a, i) =>
      check(accountItemSchema, contractRecord(a), `accounts.${i}`),
    ),
    leads: (file.leads ?? []).map((l, i) => check(leadItemSchema, contractRecord(l), `leads.${i}`)),
    contacts: (file.contacts ?? []).map((c, i) =>
      check(contactItemSchema, contractRecord(c), `contacts.${i}`),
    ),
  };
}

/** The contract names the CRM's ids `id` and `accountId`; the API calls them external. */
function contractRecord(record: Record<string, unknown>): Record<string, unknown> {
  const { id, accountId, ...rest } = record;
  return {
    ...rest,
    ...(id ? { externalId: id } : {}),
    ...(accountId ? { accountExternalId: accountId } : {}),
  };
}

/**
 * A CSV of one kind: the header names the contract's fields (`id`, `name`, `domains` separated
 * by `;` or spaces, `stage`; `email`, `company`, `title`, `accountId`). Empty cells are absent.
 */
export function parseCrmCsv(kind: CrmKind, text: string): CrmRecords {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw invalidInput('the CSV is empty');
  const columns = header.map((h) => h.trim());
  const records = rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const record: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        const value = row[i]?.trim();
        if (column && value) record[column] = value;
      });
      if (typeof record['domains'] === 'string')
        record['domains'] = record['domains'].split(/[;,\s]+/).filter(Boolean);
      return contractRecord(record);
    });
  // Data rows are counted from 1, after the header.
  const at = (i: number) => `row ${i + 1}`;
  const empty: CrmRecords = { internalDomains: [], accounts: [], leads: [], contacts: [] };
  if (kind === 'accounts')
    return { ...empty, accounts: records.map((r, i) => check(accountItemSchema, r, at(i))) };
  if (kind === 'leads')
    return { ...empty, leads: records.map((r, i) => check(leadItemSchema, r, at(i))) };
  return { ...empty, contacts: records.map((r, i) => check(contactItemSchema, r, at(i))) };
}

function check<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw invalidInput(`${path || 'file'}: ${issue?.message ?? 'invalid'}`);
}
