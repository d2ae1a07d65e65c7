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
import { parseCsvRows } from './csv.js';
import { closestName, issueProblems } from './item-checks.js';
import { CRM_KINDS, type CrmKind, type Locate } from './crm-kinds.js';
import { checkOncePerBatch, listPositions } from './once-per-batch.js';

export interface CrmRecords {
  internalDomains: string[];
  accounts: AccountItem[];
  leads: LeadItem[];
  contacts: ContactItem[];
  /** Where each kind's records are in the file (a CSV's lines); default `leads.3`. */
  locate?: Partial<Record<CrmKind, Locate>>;
  /**
   * The fields of an org.json that the contract does not name, which it says are ignored
   * (`accounts.0.Stage (did you mean "stage"?)`): told, so that a misspelling is not lost unseen.
   */
  ignored?: string[];
}

const optionalText = z.string().nullish();
const listOf = <T extends z.ZodType>(schema: T) => z.array(schema).nullish();

const orgFileSchema = z.object({
  internalDomains: z.array(z.string()).nullish(),
  accounts: listOf(z.looseObject({ id: optionalText })),
  leads: listOf(z.looseObject({ id: optionalText, accountId: optionalText })),
  contacts: listOf(z.looseObject({ id: optionalText, accountId: optionalText })),
});

/**
 * The contract's org.json: every list may be empty or absent; a byte-order mark is skipped. The
 * contract ignores unknown input fields, so they are left out and listed in `ignored`, never
 * refused (the API, whose bodies are calintel's own, refuses them).
 */
export function parseOrganisationFile(text: string): CrmRecords {
  let json: unknown;
  try {
    // Editors on Windows save UTF-8 with a BOM, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidInput(`not JSON: ${error instanceof Error ? error.message : 'parse error'}`);
  }
  const file = check(orgFileSchema, json, '');
  const ignored = unknownKeys(json, '', Object.keys(orgFileSchema.shape));
  const read = <S extends z.ZodObject>(schema: S, kind: CrmKind) =>
    (file[kind] ?? []).map((record, i) => {
      const accepted = [...CONTRACT_NAMES.keys(), ...Object.keys(schema.shape)];
      ignored.push(...unknownKeys(record, `${kind}.${i}`, accepted));
      return check(schema, contractRecord(knownOnly(record, accepted)), `${kind}.${i}`);
    });
  const records: CrmRecords = {
    internalDomains: file.internalDomains ?? [],
    accounts: read(accountItemSchema, 'accounts'),
    leads: read(leadItemSchema, 'leads'),
    contacts: read(contactItemSchema, 'contacts'),
    ...(ignored.length > 0 ? { ignored } : {}),
  };
  checkRecordsOnce(records);
  return records;
}

/** A record's fields that `accepted` names. */
function knownOnly(record: Record<string, unknown>, accepted: readonly string[]) {
  return Object.fromEntries(Object.entries(record).filter(([key]) => accepted.includes(key)));
}

/** The keys of `value` that `accepted` does not name, where they are, with a likely meaning. */
function unknownKeys(value: unknown, where: string, accepted: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !accepted.includes(key))
    .map((key) => {
      const meant = closestName(key, accepted);
      return `${[where, key].filter(Boolean).join('.')}${meant ? ` (did you mean "${meant}"?)` : ''}`;
    });
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
 * Errors name the file's line and column, and every bad row is named at once.
 */
export function parseCrmCsv(kind: CrmKind, text: string): CrmRecords {
  const [header, ...rows] = parseCsvRows(text, (i, line) => (i === 0 ? 'header' : `line ${line}`));
  if (!header) throw invalidInput('the CSV is empty');
  const columns = checkHeader(kind, header.cells);
  const problems: { line: number; text: string }[] = [];
  const records = rows.flatMap(({ cells, line }) => {
    const lost = lostCell(cells, columns);
    if (lost) problems.push({ line, text: `line ${line}: ${lost}` });
    if (lost || cells.every((cell) => cell.trim() === '')) return [];
    return [{ record: csvRecord(cells, columns), line }];
  });
  const at = (line: number, field?: string) =>
    field ? `line ${line}, ${columnNamed(columns, field)}` : `line ${line}`;
  const all = <T extends z.ZodType>(schema: T) =>
    records.flatMap(({ record, line }) => {
      const parsed = schema.safeParse(record);
      if (parsed.success) return [parsed.data as z.output<T>];
      for (const issue of parsed.error.issues)
        problems.push({ line, text: `${at(line, issue.path.map(String)[0])}: ${issue.message}` });
      return [];
    });
  const empty: CrmRecords = { internalDomains: [], accounts: [], leads: [], contacts: [] };
  const parsed =
    kind === 'accounts'
      ? { ...empty, accounts: all(accountItemSchema) }
      : kind === 'leads'
        ? { ...empty, leads: all(leadItemSchema) }
        : { ...empty, contacts: all(contactItemSchema) };
  if (problems.length > 0) {
    // In the file's order: the cells are checked before the fields.
    const listed = problems.sort((a, b) => a.line - b.line).map((p) => p.text);
    throw invalidInput(`nothing was imported; fix these rows: ${listed.join('; ')}`);
  }
  // Blank rows are skipped, so an item's line is found through its record.
  const lineOf = (i: number) => records[i]?.line ?? 0;
  const locate: Locate = (i, field) => at(lineOf(i), field);
  const positions = { at: locate, name: (i: number) => `line ${lineOf(i)}`, per: 'file' as const };
  checkOncePerBatch(kind, parsed[kind], positions);
  return { ...parsed, locate: { [kind]: locate } };
}

/** A field's column as the header names it (`id` for externalId), with its position from 1. */
function columnNamed(columns: readonly string[], field: string): string {
  const index = columns.findIndex((c) => c && (CONTRACT_NAMES.get(c) ?? c) === field);
  if (index < 0) return `${field} (no such column)`;
  return `column ${index + 1} (${columns[index]})`;
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
      `header: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => quotedWithHint(c, accepted)).join(', ')}; ${kind} take ${accepted.join(', ')}`,
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

/** `"domain" (did you mean "domains"?)`: a column's name, and the accepted one it is close to. */
function quotedWithHint(column: string, accepted: readonly string[]): string {
  const meant = closestName(column, accepted);
  return `"${column}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
}

/** The contract's names of the fields the API calls otherwise (see contractRecord). */
const CONTRACT_NAMES = new Map([
  ['id', 'externalId'],
  ['accountId', 'accountExternalId'],
]);

/** A value under no named column would be dropped: a missing quote, or a column left unnamed. */
function lostCell(row: readonly string[], columns: readonly string[]): string | null {
  const lost = row.findIndex((cell, i) => !columns[i] && cell.trim() !== '');
  if (lost < 0) return null;
  if (lost >= columns.length)
    return `${row.length} cells, but the header names ${columns.length} columns`;
  return `a value in column ${lost + 1}, which the header does not name`;
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

/** The value `schema` makes of a file's record, or every problem of the record, named at `where`. */
function check<T extends z.ZodObject>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // The contract's names are accepted too, and suggested for a misspelling of one of them.
  const accepted = [...CONTRACT_NAMES.keys(), ...Object.keys(schema.shape)];
  const problems = issueProblems(parsed.error.issues, value, accepted).map((p) => {
    const path = [where, p.field ?? ''].filter(Boolean).join('.');
    return `${path || 'file'}: ${p.message}`;
  });
  throw invalidInput(problems.join('; '));
}
