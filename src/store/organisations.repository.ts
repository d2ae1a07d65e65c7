/** Organisations: the tenants. Everything else in the store belongs to one of them. */
import type { Executor } from './database.js';
import { resetOrganisationScans } from './meeting-scans.repository.js';
import type { OrganisationRow } from './schema.js';
import type { OrgScope } from './scope.js';
import { fromJson, iso, newId, toJson } from './sql-support.js';

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

export async function createOrganisation(
  db: Executor,
  input: CreateOrganisationInput,
  now = new Date(),
): Promise<Organisation> {
  const row: OrganisationRow = {
    id: newId(),
    name: input.name,
    internal_domains: toJson(normaliseDomains(input.internalDomains ?? [])),
    conflict_policy: '{}',
    created_at: iso(now),
  };
  await db.insertInto('organisations').values(row).execute();
  return toOrganisation(row);
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

/** For administration (the CLI): names are not unique, so this returns the oldest match. */
export async function findOrganisationByName(
  db: Executor,
  name: string,
): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('name', '=', name)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row && toOrganisation(row);
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
