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

/** Every CRM account of the organisation, sorted by name. */
export async function listCrmAccounts(signal?: AbortSignal): Promise<CrmAccount[]> {
  const body = await apiRequest<{ items: CrmAccount[] }>(`${CRM_API}/accounts/`, { signal });
  return body.items;
}
