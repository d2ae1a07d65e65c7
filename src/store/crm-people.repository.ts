/**
 * Leads and contacts upserted a batch at a time: the linked accounts checked in one query, the
 * existing people found in one query per key (external id, email), new ones inserted many rows
 * to a statement. A few thousand people cost a handful of round trips instead of three per
 * person (PostgreSQL took about 6 s for 5,000 contacts one by one).
 *
 * Matching: by external id when the input has one, else by email; the oldest match wins. An
 * input whose external id is new adopts the oldest record of its email without an external id
 * (a push without ids made it), never one with another external id: two CRM ids are two people.
 * An input without an external id keeps the one the record has. Two inputs with the same key in
 * one batch are one person: the later one's values win, and both map to that record.
 */
import type { Transaction } from './database.js';
import type { ContactRow, LeadRow, Tables } from './schema.js';
import type { OrgScope } from './scope.js';
import { chunk, newId, rowsPerStatement } from './sql-support.js';
import { IncompleteNewRecords, incompleteNewRecords } from './crm-incomplete.js';

type Trx = Transaction<Tables>;
type PeopleTable = 'leads' | 'contacts';
type PersonRow<T extends PeopleTable> = T extends 'leads' ? LeadRow : ContactRow;

/** The columns an input sets, besides ids and timestamps. */
/** Undefined (absent from `extra`) keeps the stored value on an update; null clears it. */
export interface PersonValues {
  external_id: string | null;
  /** Undefined only on an update by external id. */
  email: string | undefined;
  name: string | null | undefined;
  account_id: string | null | undefined;
  extra: Partial<Pick<LeadRow, 'company'>> & Partial<Pick<ContactRow, 'title'>>;
}

/** A new person's table-specific columns before what the CRM sent: every row sets the same. */
const EMPTY_EXTRA: Record<PeopleTable, PersonValues['extra']> = {
  leads: { company: null },
  contacts: { title: null },
};

const keyOf = (v: PersonValues) => (v.external_id ? `x:${v.external_id}` : `e:${v.email}`);

export async function upsertPeople<T extends PeopleTable>(
  trx: Trx,
  table: T,
  scope: OrgScope,
  inputs: readonly PersonValues[],
  now: string,
): Promise<PersonRow<T>[]> {
  const values = await withValidAccounts(trx, scope, inputs);
  const existing = await existingIds(trx, table, scope, values);
  const incomplete = incompleteNewRecords(
    values.map((v) => ({ ...v, externalId: v.external_id })),
    (v) => v.email === undefined,
    (id) => existing.has(`x:${id}`),
  );
  // Before any write, so that the batch stays all or nothing.
  if (incomplete.length > 0) throw new IncompleteNewRecords('email', incomplete);
  const latest = new Map<string, PersonValues>();
  for (const v of values) latest.set(keyOf(v), v);
  await adoptBareRecords(trx, table, scope, [...latest.values()], existing);
  const idOfKey = new Map<string, string>();
  const inserts: Record<string, unknown>[] = [];
  for (const [key, v] of latest) {
    const id = existing.get(key);
    if (id) {
      idOfKey.set(key, id);
      const changes = {
        ...(v.external_id === null ? {} : { external_id: v.external_id }),
        ...(v.email === undefined ? {} : { email: v.email }),
        ...(v.name === undefined ? {} : { name: v.name }),
        ...(v.account_id === undefined ? {} : { account_id: v.account_id }),
        ...v.extra,
        updated_at: now,
      };
      // Kysely types a generic table name as neither table: the columns set are both tables'.
      await trx
        .updateTable(table as PeopleTable)
        .set(changes as never)
        .where('org_id', '=', scope.orgId)
        .where('id', '=', id)
        .execute();
    } else {
      const newRow = {
        id: newId(),
        org_id: scope.orgId,
        external_id: v.external_id,
        email: v.email,
        name: v.name ?? null,
        account_id: v.account_id ?? null,
        ...EMPTY_EXTRA[table],
        ...v.extra,
        created_at: now,
        updated_at: now,
      };
      idOfKey.set(key, newRow.id);
      inserts.push(newRow);
    }
  }
  const first = inserts[0];
  if (first)
    for (const part of chunk(inserts, rowsPerStatement(trx, Object.keys(first).length + 1)))
      // The table's row type is chosen by T; Kysely cannot follow a generic table name here.
      await trx
        .insertInto(table)
        .values(part as never)
        .execute();
  const rows = await rowsByIds(trx, table, scope, [...new Set(idOfKey.values())]);
  return values.map((v) => rows.get(idOfKey.get(keyOf(v)) ?? '') as PersonRow<T>);
}

/** Inputs with `account_id` kept only where it names one of the organisation's accounts. */
async function withValidAccounts(
  trx: Trx,
  scope: OrgScope,
  inputs: readonly PersonValues[],
): Promise<PersonValues[]> {
  const wanted = [...new Set(inputs.flatMap((v) => (v.account_id ? [v.account_id] : [])))];
  const valid = new Set<string>();
  for (const part of chunk(wanted, rowsPerStatement(trx, 1) - 1)) {
    const rows = await trx
      .selectFrom('accounts')
      .select('id')
      .where('org_id', '=', scope.orgId)
      .where('id', 'in', part)
      .execute();
    for (const row of rows) valid.add(row.id);
  }
  return inputs.map((v) => ({
    ...v,
    account_id:
      v.account_id === undefined
        ? undefined
        : v.account_id && valid.has(v.account_id)
          ? v.account_id
          : null,
  }));
}

/** Key -> id of the oldest existing record with that external id or email. */
async function existingIds(
  trx: Trx,
  table: PeopleTable,
  scope: OrgScope,
  values: readonly PersonValues[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const byColumn = async (column: 'external_id' | 'email', keys: string[], prefix: string) => {
    for (const part of chunk([...new Set(keys)], rowsPerStatement(trx, 1) - 1)) {
      const rows = await trx
        .selectFrom(table)
        .select(['id', column])
        .where('org_id', '=', scope.orgId)
        .where(column, 'in', part)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      // Newest first, so that the oldest match is written last and wins.
      for (const row of rows) {
        const key = (row as Record<string, unknown>)[column];
        if (typeof key === 'string') found.set(`${prefix}${key}`, row.id);
      }
    }
  };
  await byColumn(
    'external_id',
    values.flatMap((v) => (v.external_id ? [v.external_id] : [])),
    'x:',
  );
  await byColumn(
    'email',
    values.flatMap((v) => (v.external_id || v.email === undefined ? [] : [v.email])),
    'e:',
  );
  return found;
}

/**
 * For each input whose external id is stored nowhere, the oldest record of its email without an
 * external id, unless an earlier input of the batch took it: added to `existing` under the
 * input's key, so that the update sets the external id on it.
 */
async function adoptBareRecords(
  trx: Trx,
  table: PeopleTable,
  scope: OrgScope,
  inputs: readonly PersonValues[],
  existing: Map<string, string>,
): Promise<void> {
  const adopting = inputs.filter(
    (v) => v.external_id && v.email !== undefined && !existing.has(keyOf(v)),
  );
  const bare = new Map<string, string>();
  const emails = [...new Set(adopting.map((v) => v.email ?? ''))];
  for (const part of chunk(emails, rowsPerStatement(trx, 1) - 1)) {
    const rows = await trx
      .selectFrom(table as PeopleTable)
      .select(['id', 'email'])
      .where('org_id', '=', scope.orgId)
      .where('external_id', 'is', null)
      .where('email', 'in', part)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    // Newest first, so that the oldest is written last and wins.
    for (const row of rows) bare.set(row.email, row.id);
  }
  for (const v of adopting) {
    const id = bare.get(v.email ?? '');
    if (id === undefined) continue;
    existing.set(keyOf(v), id);
    bare.delete(v.email ?? '');
  }
}

async function rowsByIds<T extends PeopleTable>(
  trx: Trx,
  table: T,
  scope: OrgScope,
  ids: string[],
): Promise<Map<string, PersonRow<T>>> {
  const rows = new Map<string, PersonRow<T>>();
  for (const part of chunk(ids, rowsPerStatement(trx, 1) - 1)) {
    const found = await trx
      .selectFrom(table as PeopleTable)
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('id', 'in', part)
      .execute();
    for (const row of found) rows.set(row.id, row as PersonRow<T>);
  }
  return rows;
}
