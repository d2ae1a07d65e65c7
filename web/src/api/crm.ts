import { apiRequest, CRM_API } from './client';

/** An account of the organisation's CRM, as calintel stores it. */
export interface CrmAccount {
  id: string;
  externalId: string | null;
  name: string;
  domains: string[];
  /** The CRM's opportunity stage, when it sent one. */
  stage: string | null;
}

/** The API's largest page: the list reads every page, as many as the organisation has. */
const ACCOUNTS_PAGE = 500;

/** Every CRM account of the organisation, sorted by name (the API pages them oldest first). */
export async function listCrmAccounts(signal?: AbortSignal): Promise<CrmAccount[]> {
  const items: CrmAccount[] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string | number> = { limit: ACCOUNTS_PAGE };
    if (cursor) query['cursor'] = cursor;
    const body: { items: CrmAccount[]; nextCursor: string | null } = await apiRequest(
      `${CRM_API}/accounts/`,
      { query, signal },
    );
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items.sort((a, b) => a.name.localeCompare(b.name));
}
