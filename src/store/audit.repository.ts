/** The audit log: who did what to which thing in an organisation, append-only. */
import type { Executor } from './database.js';
import type { AuditLogRow } from './schema.js';
import type { OrgScope } from './scope.js';
import { fromJson, iso, newId, toJson } from './sql-support.js';

export interface AuditEntry {
  id: string;
  orgId: string;
  userId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AuditInput {
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

export function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    action: row.action,
    target: row.target,
    details: fromJson<Record<string, unknown>>(row.details, {}),
    createdAt: row.created_at,
  };
}

/** Records an action; `scope.userId` is absent for actions by the system or the CLI. */
export async function appendAudit(
  db: Executor,
  scope: OrgScope & { userId?: string | null },
  input: AuditInput,
  now = new Date(),
): Promise<AuditEntry> {
  const row: AuditLogRow = {
    id: newId(),
    org_id: scope.orgId,
    user_id: scope.userId ?? null,
    action: input.action,
    target: input.target ?? null,
    details: toJson(input.details ?? {}),
    created_at: iso(now),
  };
  await db.insertInto('audit_log').values(row).execute();
  return toAuditEntry(row);
}

/** The organisation's most recent entries, newest first. */
export async function listAudit(
  db: Executor,
  scope: OrgScope,
  options: { limit?: number } = {},
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toAuditEntry);
}
