/**
 * CRM records of an organisation: accounts, leads and contacts, imported from a CRM or a file.
 * An upsert matches an existing record by external id when the input has one, else by its
 * natural key (account name, person email), so re-importing the same file changes nothing.
 */
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
    await refuseAccountsWithoutName(trx, scope, inputs);
    return mapSerially(inputs, (i) => upsertAccount(trx, scope, i, iso(now)));
  });
}

/** Before any write, so that the batch stays all or nothing. */
async function refuseAccountsWithoutName(trx: Trx, scope: OrgScope, inputs: AccountInput[]) {
  const unnamed = inputs.flatMap((i) =>
    i.name === undefined && i.externalId ? [i.externalId] : [],
  );
  const stored = new Set<string>();
  for (const part of chunk([...new Set(unnamed)], rowsPerStatement(trx, 1) - 1)) {
    const rows = await trx
      .selectFrom('accounts')
      .select('external_id')
      .where('org_id', '=', scope.orgId)
      .where('external_id', 'in', part)
      .execute();
    for (const row of rows) if (row.external_id) stored.add(row.external_id);
  }
  const incomplete = incompleteNewRecords(
    inputs,
    (i) => i.name === undefined,
    (id) => stored.has(id),
  );
  if (incomplete.length > 0) throw new IncompleteNewRecords('name', incomplete);
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

async function upsertAccount(trx: Trx, scope: OrgScope, input: AccountInput, now: string) {
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
  let match = trx.selectFrom('accounts').select('id').where('org_id', '=', scope.orgId);
  // Without an external id the name is given: refuseAccountsWithoutName saw to it.
  match = input.externalId
    ? match.where('external_id', '=', input.externalId)
    : match.where('name', '=', input.name ?? '');
  const existing = await match.orderBy('created_at').executeTakeFirst();
  const row = existing
    ? await trx
        .updateTable('accounts')
        .set(keepExternalId(values))
        .where('org_id', '=', scope.orgId)
        .where('id', '=', existing.id)
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
