/**
 * The account a meeting list is filtered by: calintel's id (`accountId`) or the CRM's
 * (`accountExternalId`, the id an integrator imported). A value that names no account of the
 * organisation is a 400, not an empty page: an empty page cannot be told from an account without
 * meetings, and the likeliest cause is the CRM's id sent as calintel's (QA sent `accountId=
 * acc-initech` and read 0 items as "no meetings"). The message says which name to use.
 */
import { invalidInput } from '../../domain/errors.js';
import type { OrgScope, Store } from '../../store/store.js';

export interface AccountFilterQuery {
  accountId?: string | undefined;
  accountExternalId?: string | undefined;
}

/** calintel's id of the account asked for; undefined when the query names none. */
export async function accountFilterId(
  store: Store,
  scope: OrgScope,
  query: AccountFilterQuery,
): Promise<string | undefined> {
  const { accountId, accountExternalId } = query;
  if (accountId === undefined && accountExternalId === undefined) return undefined;
  if (accountId !== undefined && accountExternalId !== undefined)
    throw invalidInput(
      'querystring.accountExternalId: give accountId or accountExternalId, not both',
    );
  const accounts = await store.crm.listAccounts(scope);
  if (accountExternalId !== undefined) {
    const account = accounts.find((a) => a.externalId === accountExternalId);
    if (account) return account.id;
    throw invalidInput(
      `querystring.accountExternalId: no account with externalId "${accountExternalId}" in your organisation`,
    );
  }
  if (accounts.some((a) => a.id === accountId)) return accountId;
  const external = accounts.find((a) => a.externalId === accountId);
  throw invalidInput(
    external
      ? `querystring.accountId: "${accountId}" is the CRM's id (externalId) of ${external.name}, not calintel's id: use accountExternalId=${accountId}, or accountId=${external.id}`
      : `querystring.accountId: no account "${accountId}" in your organisation (accountId is calintel's id; for the CRM's id use accountExternalId)`,
  );
}
