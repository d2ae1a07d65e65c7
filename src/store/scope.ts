/**
 * Tenant scopes. Every repository function that reads or writes tenant data takes one, and every
 * query it runs filters by it, so a caller holding one tenant's scope cannot reach another's rows.
 */

/** One user within one organisation: the scope of calendars, connections, events and tokens. */
export interface Scope {
  orgId: string;
  userId: string;
}

/** An organisation: the scope of CRM records, and of data shared by all its users. */
export interface OrgScope {
  orgId: string;
}
