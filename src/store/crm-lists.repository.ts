/**
 * CRM records read back a page at a time, for an integrator checking what calintel holds: oldest
 * first by (created_at, id), so that records added while a client pages come after it and none
 * is skipped or repeated. The cursor is the last row's position, opaque to callers.
 */
import { normaliseEmail } from '../domain/event.js';
import type { Executor } from './database.js';
import { InvalidCursorError } from './event-rows.js';
import {
  toAccount,
  toContact,
  toLead,
  type Account,
  type Contact,
  type Lead,
} from './crm.repository.js';
import type { OrgScope } from './scope.js';

export interface CrmPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Paging {
  limit: number;
  cursor?: string | undefined;
}

export interface AccountFilter extends Paging {
  externalId?: string | undefined;
  /** An email domain the account has (exactly, as stored: lower case). */
  domain?: string | undefined;
}

export interface PersonFilter extends Paging {
  externalId?: string | undefined;
  email?: string | undefined;
  /** calintel's id of the person's account. */
  accountId?: string | undefined;
  /** The CRM's id of the person's account. */
  accountExternalId?: string | undefined;
}

/** A person with the CRM's id of their account, which an integrator names accounts by. */
export type Listed<T> = T & { accountExternalId: string | null };

interface Position {
  createdAt: string;
  id: string;
}

export async function pageAccounts(
  db: Executor,
  scope: OrgScope,
  filter: AccountFilter,
): Promise<CrmPage<Account>> {
  let query = db.selectFrom('accounts').selectAll().where('org_id', '=', scope.orgId);
  if (filter.externalId) query = query.where('external_id', '=', filter.externalId);
  // domains is a JSON list of lower-case names, whose characters need no escaping in LIKE.
  if (filter.domain)
    query = query.where('domains', 'like', `%${JSON.stringify(filter.domain.toLowerCase())}%`);
  if (filter.cursor) {
    const after = decodeCrmCursor(filter.cursor);
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)),
    );
  }
  const rows = await query
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return pageOf(rows, filter.limit, toAccount);
}

export function pageLeads(db: Executor, scope: OrgScope, filter: PersonFilter) {
  return pagePeople(db, 'leads', scope, filter, (row) => toLead(row));
}

export function pageContacts(db: Executor, scope: OrgScope, filter: PersonFilter) {
  return pagePeople(db, 'contacts', scope, filter, (row) => toContact(row));
}

type PeopleRow<T extends 'leads' | 'contacts'> = Parameters<
  T extends 'leads' ? typeof toLead : typeof toContact
>[0];

async function pagePeople<T extends 'leads' | 'contacts', R extends Lead | Contact>(
  db: Executor,
  table: T,
  scope: OrgScope,
  filter: PersonFilter,
  convert: (row: PeopleRow<T>) => R,
): Promise<CrmPage<Listed<R>>> {
  // Kysely cannot follow a generic table name: the columns used are both tables'.
  let query = db
    .selectFrom(`${table as 'leads'} as p`)
    .leftJoin('accounts as a', (join) =>
      join.onRef('a.id', '=', 'p.account_id').onRef('a.org_id', '=', 'p.org_id'),
    )
    .selectAll('p')
    .select('a.external_id as account_external_id')
    .where('p.org_id', '=', scope.orgId);
  if (filter.externalId) query = query.where('p.external_id', '=', filter.externalId);
  if (filter.email) query = query.where('p.email', '=', normaliseEmail(filter.email));
  if (filter.accountId) query = query.where('p.account_id', '=', filter.accountId);
  if (filter.accountExternalId) query = query.where('a.external_id', '=', filter.accountExternalId);
  if (filter.cursor) {
    const after = decodeCrmCursor(filter.cursor);
    query = query.where((eb) =>
      eb(eb.refTuple('p.created_at', 'p.id'), '>', eb.tuple(after.createdAt, after.id)),
    );
  }
  const rows = await query
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(filter.limit + 1)
    .execute();
  return pageOf(rows, filter.limit, (row) => ({
    ...convert(row as unknown as PeopleRow<T>),
    accountExternalId: row.account_external_id,
  }));
}

function pageOf<Row extends { created_at: string; id: string }, T>(
  rows: Row[],
  limit: number,
  convert: (row: Row) => T,
): CrmPage<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCrmCursor({ createdAt: last.created_at, id: last.id })
      : null;
  return { items: shown.map(convert), nextCursor };
}

function encodeCrmCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString(
    'base64url',
  );
}

// As encodeCrmCursor writes them: a stored ISO instant and a row id. Anything else was made or
// edited by hand, and read as a position it would answer a silently wrong page.
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[\w-]{1,64}$/;

function decodeCrmCursor(text: string): Position {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a CRM list cursor');
  }
  if (Array.isArray(value) && value.length === 2) {
    const [createdAt, id] = value as unknown[];
    if (
      typeof createdAt === 'string' &&
      typeof id === 'string' &&
      CURSOR_INSTANT.test(createdAt) &&
      CURSOR_ID.test(id)
    )
      return { createdAt, id };
  }
  throw new InvalidCursorError('not a CRM list cursor');
}
