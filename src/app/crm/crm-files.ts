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
import { CRM_KINDS, type CrmKind } from './crm-kinds.js';
import { checkOncePerBatch, listPositions } from './once-per-batch.js';

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
  const records: CrmRecords = {
    internalDomains: file.internalDomains ?? [],
    accounts: (file.accounts ?? []).map((a, i) =>
      check(accountItemSchema, contractRecord(a), `accounts.${i}`),
    ),
    leads: (file.leads ?? []).map((l, i) => check(leadItemSchema, contractRecord(l), `leads.${i}`)),
    contacts: (file.contacts ?? []).map((c, i) =>
      check(contactItemSchema, contractRecord(c), `contacts.${i}`),
    ),
  };
  checkRecordsOnce(records);
  return records;
}

/** Each list of a file names a record once (see once-per-batch.ts); a lead may be a contact too. */
export function checkRecordsOnce(records: CrmRecords): void {
  for (const kind of CRM_KINDS) checkOncePerBatch(kind, records[kind], listPositions(kind, 'file'));
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
 * by `;` or spaces, `stage`; `email`, `company`, `title`, `accountId`) or the API's. Empty cells
 * are absent. A column or cell the import would drop is refused, so that nothing is lost unseen.
 */
export function parseCrmCsv(kind: CrmKind, text: string): CrmRecords {
  // Data rows are counted from 1, after the header, blank ones included.
  const [header, ...rows] = parseCsv(text, (i) => (i === 0 ? 'header' : `row ${i}`));
  if (!header) throw invalidInput('the CSV is empty');
  const columns = checkHeader(kind, header);
  const records = rows.flatMap((row, i) => {
    checkCells(row, columns, `row ${i + 1}`);
    if (row.every((cell) => cell.trim() === '')) return [];
    return [{ record: csvRecord(row, columns), at: `row ${i + 1}` }];
  });
  const empty: CrmRecords = { internalDomains: [], accounts: [], leads: [], contacts: [] };
  const all = <T extends z.ZodType>(schema: T) =>
    records.map(({ record, at }) => check(schema, record, at));
  const parsed =
    kind === 'accounts'
      ? { ...empty, accounts: all(accountItemSchema) }
      : kind === 'leads'
        ? { ...empty, leads: all(leadItemSchema) }
        : { ...empty, contacts: all(contactItemSchema) };
  // Blank rows are skipped, so an item's row is found through its record.
  const row = (i: number) => records[i]?.at ?? `record ${i}`;
  checkOncePerBatch(kind, parsed[kind], { at: row, name: row, per: 'file' });
  return parsed;
}

const ITEM_SCHEMAS = {
  accounts: accountItemSchema,
  leads: leadItemSchema,
  contacts: contactItemSchema,
} as const;

/** The header's names, trimmed; each must be one the kind takes, and given once. */
function checkHeader(kind: CrmKind, header: readonly string[]): string[] {
  const columns = header.map((h) => h.trim());
  // The contract's `id` (and `accountId`, already a field of people) besides the API's names.
  const accepted = ['id', ...Object.keys(ITEM_SCHEMAS[kind].shape)];
  const unknown = columns.filter((c) => c && !accepted.includes(c));
  if (unknown.length > 0)
    throw invalidInput(
      `header: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}; ${kind} take ${accepted.join(', ')}`,
    );
  // Two names of one field would leave one of them dropped, whichever won.
  const fieldOf = (c: string) => CONTRACT_NAMES.get(c) ?? c;
  const firstOf = (c: string) => columns.find((d) => fieldOf(d) === fieldOf(c)) ?? c;
  const twice = columns.find((c, i) => c && columns.indexOf(firstOf(c)) !== i);
  if (twice === undefined) return columns;
  const first = firstOf(twice);
  throw invalidInput(
    first === twice
      ? `header: column "${twice}" given twice`
      : `header: columns "${first}" and "${twice}" name the same field`,
  );
}

/** The contract's names of the fields the API calls otherwise (see contractRecord). */
const CONTRACT_NAMES = new Map([
  ['id', 'externalId'],
  ['accountId', 'accountExternalId'],
]);

/** A value under no named column would be dropped: a missing quote, or a column left unnamed. */
function checkCells(row: readonly string[], columns: readonly string[], at: string): void {
  const lost = row.findIndex((cell, i) => !columns[i] && cell.trim() !== '');
  if (lost < 0) return;
  if (lost >= columns.length)
    throw invalidInput(
      `${at}: ${row.length} cells, but the header names ${columns.length} columns`,
    );
  throw invalidInput(`${at}: a value in column ${lost + 1}, which the header does not name`);
}

function csvRecord(row: readonly string[], columns: readonly string[]) {
  const record: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = row[i]?.trim();
    if (column && value) record[column] = value;
  });
  if (typeof record['domains'] === 'string')
    record['domains'] = record['domains'].split(/[;,\s]+/).filter(Boolean);
  return contractRecord(record);
}

function check<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw invalidInput(`${path || 'file'}: ${issue?.message ?? 'invalid'}`);
}
