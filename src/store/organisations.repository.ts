/** Organisations: the tenants. Everything else in the store belongs to one of them. */
import { sql } from 'kysely';
import { AppError, invalidInput } from '../domain/errors.js';
import { dialectOf, type Executor } from './database.js';
import { resetOrganisationScans } from './meeting-scans.repository.js';
import type { OrganisationRow } from './schema.js';
import type { OrgScope } from './scope.js';
import { fromJson, inTransaction, iso, newId, toJson } from './sql-support.js';

export interface Organisation {
  id: string;
  name: string;
  /** Lower-case domains whose addresses count as colleagues, not customers. */
  internalDomains: string[];
  /**
   * The conflict policy as stored (JSON); src/app checks it and fills in defaults, so that the
   * store does not need to know what a policy holds.
   */
  conflictPolicy: unknown;
  createdAt: string;
}

export interface CreateOrganisationInput {
  name: string;
  internalDomains?: string[];
}

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    internalDomains: fromJson<string[]>(row.internal_domains, []),
    conflictPolicy: fromJson<unknown>(row.conflict_policy, {}),
    createdAt: row.created_at,
  };
}

/**
 * What makes two organisation names the same: people type "acme" or " Acme " for Acme, and a
 * second organisation made by such a slip splits a team in two (each with its own admin).
 */
export function organisationNameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/**
 * Creates an organisation. A name that differs from an existing one only by case or surrounding
 * spaces is refused (conflict): it is that organisation, mistyped. The check and the insert run
 * under the name's lock (lockOrganisationName), so two creations of "Acme" and "acme" at once
 * cannot both find nothing.
 */
export async function createOrganisation(
  db: Executor,
  input: CreateOrganisationInput,
  now = new Date(),
): Promise<Organisation> {
  const name = input.name.trim();
  return inTransaction(db, async (trx) => {
    await lockOrganisationName(trx, name);
    const [existing] = await findOrganisationsNamed(trx, name);
    if (existing)
      throw new AppError(
        'conflict',
        `an organisation named "${existing.name}" already exists; names that differ only by case or surrounding spaces are the same organisation`,
      );
    const row: OrganisationRow = {
      id: newId(),
      name,
      internal_domains: toJson(normaliseDomains(input.internalDomains ?? [])),
      conflict_policy: '{}',
      created_at: iso(now),
    };
    await trx.insertInto('organisations').values(row).execute();
    return toOrganisation(row);
  });
}

const ORGANISATION_NAME_LOCK_CLASS = 0x6f_72_67_73; // "orgs"

/**
 * Held until the transaction ends: whoever looks a name up to create it if missing takes this
 * first. PostgreSQL's READ COMMITTED lets two transactions each find no "acme" and each insert
 * one, so there an advisory lock on the folded name makes the second wait and then see the
 * first's row (each statement reads what is committed by then). A unique index cannot say it:
 * the fold (NFC, Unicode lower case) is not SQLite's lower(), and databases from before the rule
 * hold such duplicates legitimately. SQLite's `begin immediate` already makes writers take turns.
 * Names that hash alike only wait for each other.
 */
export async function lockOrganisationName(trx: Executor, name: string): Promise<void> {
  if (!trx.isTransaction)
    throw new Error('the organisation name lock is taken inside a transaction');
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(cast(${ORGANISATION_NAME_LOCK_CLASS} as integer), hashtext(${organisationNameKey(name)}))`.execute(
    trx,
  );
}

export async function getOrganisation(
  db: Executor,
  scope: OrgScope,
): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', scope.orgId)
    .executeTakeFirst();
  return row && toOrganisation(row);
}

/** Every organisation's id (for tasks that go through all of them), oldest first. */
export async function listOrganisationIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').orderBy('created_at').execute();
  return rows.map((r) => r.id);
}

/**
 * For administration (the CLI): the organisation of this name, ignoring case and surrounding
 * spaces. Databases from before that rule may hold several such names ("Acme" and "acme"): the
 * one spelt exactly so is meant; spelt neither way, the name is refused as ambiguous rather than
 * guessed, since a guess would put users or CRM records in the wrong tenant without a word.
 * Several spelt exactly alike (possible before the rule too) give the oldest, as always.
 */
export async function findOrganisationByName(
  db: Executor,
  name: string,
): Promise<Organisation | undefined> {
  const matches = await findOrganisationsNamed(db, name);
  const exact = matches.find((o) => o.name === name.trim());
  if (exact || matches.length <= 1) return exact ?? matches[0];
  throw ambiguousOrganisationName(name, matches);
}

/** The refusal of a name that matches several organisations, none of them spelt exactly so. */
export function ambiguousOrganisationName(
  name: string,
  matches: readonly { name: string }[],
): AppError {
  const spellings = [...new Set(matches.map((o) => o.name))].join(', ');
  return invalidInput(
    `organisation "${name.trim()}" is ambiguous: spell it exactly as one of: ${spellings}`,
  );
}

/**
 * Every organisation whose name is this one ignoring case and surrounding spaces, oldest first.
 * Compared here, not in SQL: SQLite's lower() folds only ASCII letters, and there are few
 * organisations (tenants) to read.
 */
async function findOrganisationsNamed(db: Executor, name: string): Promise<Organisation[]> {
  const key = organisationNameKey(name);
  const rows = await db
    .selectFrom('organisations')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.filter((row) => organisationNameKey(row.name) === key).map(toOrganisation);
}

/**
 * Which attendees are colleagues changes what every meeting is: each user's next meeting
 * detection reads everything again (meeting-scans.repository.ts).
 */
export async function setInternalDomains(
  db: Executor,
  scope: OrgScope,
  domains: string[],
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ internal_domains: toJson(normaliseDomains(domains)) })
    .where('id', '=', scope.orgId)
    .executeTakeFirst();
  const updated = result.numUpdatedRows > 0n;
  if (updated) await resetOrganisationScans(db, scope);
  return updated;
}

function normaliseDomains(domains: string[]): string[] {
  return [...new Set(domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
}

export async function setConflictPolicy(
  db: Executor,
  scope: OrgScope,
  policy: unknown,
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ conflict_policy: toJson(policy) })
    .where('id', '=', scope.orgId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
