/**
 * CRM records of an organisation: accounts, leads and contacts, imported from a CRM or a file.
 * An upsert matches an existing record by external id when the input has one, else by its
 * natural key (account name without case and extra spaces, person email without case), so
 * re-importing the same file changes nothing. An input whose external id is new adopts the
 * record of its natural key that has no external id (a push without ids made it), never one
 * with another external id.
 */
import { foldAccountName } from '../domain/account-name.js';
import { normaliseEmail } from '../domain/event.js';
import type { Executor, Transaction } from './database.js';
import type { AccountRow, ContactRow, LeadRow, Tables } from './schema.js';
import type { OrgScope } from './scope.js';
import { upsertPeople, type PersonValues } from './crm-people.repository.js';
import { IncompleteNewRecords, incompleteNewRecords } from './crm-incomplete.js';
import {
  chunk,
  fromJson,
  inTransaction,
  iso,
  newId,
  rowsPerStatement,
  toJson,
} from './sql-support.js';

export interface Account {
  id: string;
  orgId: string;
  externalId: string | null;
  name: string;
  domains: string[];
  stage: string | null;
  createdAt: string;
  updatedAt: string;
}

interface PersonRecord {
  id: string;
  orgId: string;
  accountId: string | null;
  externalId: string | null;
  email: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Lead extends PersonRecord {
  company: string | null;
}

export interface Contact extends PersonRecord {
  title: string | null;
}

/**
 * What a CRM sends for a record. On an update, a field left undefined keeps its stored value (a
 * CRM may push only what changed) and null clears it; a new record starts empty there.
 */
export interface AccountInput {
  externalId?: string | null;
  /** Needed by a new account; an update by external id may leave it out. */
  name?: string | undefined;
  domains?: string[] | undefined;
  stage?: string | null | undefined;
}

interface PersonInput {
  externalId?: string | null;
  /** Needed by a new person; an update by external id may leave it out. */
  email?: string | undefined;
  name?: string | null | undefined;
  /** Must be one of the organisation's accounts; any other id is stored as null. */
  accountId?: string | null | undefined;
}

export interface LeadInput extends PersonInput {
  company?: string | null | undefined;
}

export interface ContactInput extends PersonInput {
  title?: string | null | undefined;
}

type Trx = Transaction<Tables>;

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    orgId: row.org_id,
    externalId: row.external_id,
    name: row.name,
    domains: fromJson<string[]>(row.domains, []),
    stage: row.stage,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toPerson(row: LeadRow | ContactRow): PersonRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    accountId: row.account_id,
    externalId: row.external_id,
    email: row.email,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toLead(row: LeadRow): Lead {
  return { ...toPerson(row), company: row.company };
}

export function toContact(row: ContactRow): Contact {
  return { ...toPerson(row), title: row.title };
}

export function upsertAccounts(
  db: Executor,
  scope: OrgScope,
  inputs: AccountInput[],
  now = new Date(),
) {
  return inTransaction(db, async (trx) => {
    const known = await accountKeys(trx, scope);
    refuseAccountsWithoutName(inputs, known);
    return mapSerially(inputs, (i) => upsertAccount(trx, scope, known, i, iso(now)));
  });
}

/**
 * The organisation's accounts by their keys, for matching a batch: by externalId, by folded name
 * (the oldest), and by folded name among those without an externalId (the oldest), which a
 * first push with externalIds adopts. Read once per batch and matched here rather than in SQL,
 * so that the name folds alike on both engines (SQLite's lower() folds ASCII only).
 */
interface AccountKeys {
  byExternalId: Map<string, string>;
  byName: Map<string, string>;
  bareByName: Map<string, string>;
}

async function accountKeys(trx: Trx, scope: OrgScope): Promise<AccountKeys> {
  const rows = await trx
    .selectFrom('accounts')
    .select(['id', 'external_id', 'name'])
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const known: AccountKeys = { byExternalId: new Map(), byName: new Map(), bareByName: new Map() };
  for (const row of rows) remember(known, row);
  return known;
}

/** Adds a stored or just written account to the keys; an earlier one keeps a name. */
function remember(
  known: AccountKeys,
  row: { id: string; external_id: string | null; name: string },
) {
  const name = foldAccountName(row.name);
  if (row.external_id) known.byExternalId.set(row.external_id, row.id);
  if (!known.byName.has(name)) known.byName.set(name, row.id);
  if (!row.external_id && !known.bareByName.has(name)) known.bareByName.set(name, row.id);
  if (row.external_id && known.bareByName.get(name) === row.id) known.bareByName.delete(name);
}

/**
 * The stored account an input updates: by its externalId; an input whose externalId is new
 * adopts the account of its name that has none (the record a push without ids made), but never
 * one with another externalId (two CRM ids are two records); without externalId, by name.
 */
function matchAccount(known: AccountKeys, input: AccountInput): string | undefined {
  const name = input.name === undefined ? undefined : foldAccountName(input.name);
  if (!input.externalId) return name === undefined ? undefined : known.byName.get(name);
  const byId = known.byExternalId.get(input.externalId);
  if (byId || name === undefined) return byId;
  return known.bareByName.get(name);
}

/** Before any write, so that the batch stays all or nothing. */
function refuseAccountsWithoutName(inputs: AccountInput[], known: AccountKeys) {
  const incomplete = incompleteNewRecords(
    inputs,
    (i) => i.name === undefined,
    (id) => known.byExternalId.has(id),
  );
  if (incomplete.length > 0) throw new IncompleteNewRecords('name', incomplete);
}

/** Which of `ids` name a record of the organisation in `table`: for checks before a write. */
export async function storedExternalIds(
  db: Executor,
  scope: OrgScope,
  table: 'accounts' | 'leads' | 'contacts',
  ids: readonly string[],
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const part of chunk([...new Set(ids)], rowsPerStatement(db, 1) - 1)) {
    const rows = await db
      .selectFrom(table)
      .select('external_id')
      .where('org_id', '=', scope.orgId)
      .where('external_id', 'in', part)
      .execute();
    for (const row of rows) if (row.external_id) stored.add(row.external_id);
  }
  return stored;
}

export function upsertLeads(db: Executor, scope: OrgScope, inputs: LeadInput[], now = new Date()) {
  return inTransaction(db, async (trx) => {
    const values = inputs.map((i) => personValues(i, definedOnly({ company: i.company })));
    return (await upsertPeople(trx, 'leads', scope, values, iso(now))).map(toLead);
  });
}

export function upsertContacts(
  db: Executor,
  scope: OrgScope,
  inputs: ContactInput[],
  now = new Date(),
) {
  return inTransaction(db, async (trx) => {
    const values = inputs.map((i) => personValues(i, definedOnly({ title: i.title })));
    return (await upsertPeople(trx, 'contacts', scope, values, iso(now))).map(toContact);
  });
}

function personValues(input: PersonInput, extra: PersonValues['extra']): PersonValues {
  return {
    external_id: input.externalId ?? null,
    email: input.email === undefined ? undefined : normaliseEmail(input.email),
    name: input.name,
    account_id: input.accountId,
    extra,
  };
}

async function upsertAccount(
  trx: Trx,
  scope: OrgScope,
  known: AccountKeys,
  input: AccountInput,
  now: string,
) {
  const given = definedOnly({
    domains:
      input.domains && toJson([...new Set(input.domains.map((d) => d.trim().toLowerCase()))]),
    stage: input.stage,
  });
  const values = {
    external_id: input.externalId ?? null,
    name: input.name,
    ...given,
    updated_at: now,
  };
  // Without an external id the name is given: refuseAccountsWithoutName saw to it.
  const existing = matchAccount(known, input);
  const row = existing
    ? await trx
        .updateTable('accounts')
        .set(keepExternalId(values))
        .where('org_id', '=', scope.orgId)
        .where('id', '=', existing)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto('accounts')
        .values({
          domains: toJson([]),
          stage: null,
          ...values,
          name: values.name ?? '',
          id: newId(),
          org_id: scope.orgId,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  remember(known, row);
  return toAccount(row);
}

export async function listAccounts(db: Executor, scope: OrgScope): Promise<Account[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toAccount);
}

export async function listLeads(
  db: Executor,
  scope: OrgScope,
  filter: { email?: string } = {},
): Promise<Lead[]> {
  let query = db.selectFrom('leads').selectAll().where('org_id', '=', scope.orgId);
  if (filter.email) query = query.where('email', '=', normaliseEmail(filter.email));
  return (await query.orderBy('email').orderBy('id').execute()).map(toLead);
}

export async function listContacts(
  db: Executor,
  scope: OrgScope,
  filter: { email?: string } = {},
): Promise<Contact[]> {
  let query = db.selectFrom('contacts').selectAll().where('org_id', '=', scope.orgId);
  if (filter.email) query = query.where('email', '=', normaliseEmail(filter.email));
  return (await query.orderBy('email').orderBy('id').execute()).map(toContact);
}

/** An input without an external id must not erase the one a record already has. */
function keepExternalId<T extends { external_id: string | null }>(values: T) {
  return values.external_id === null ? { ...values, external_id: undefined } : values;
}

async function mapSerially<I, O>(inputs: I[], fn: (input: I) => Promise<O>): Promise<O[]> {
  const out: O[] = [];
  for (const input of inputs) out.push(await fn(input));
  return out;
}

/** The entries whose value is not undefined: what an update sets. */
function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
