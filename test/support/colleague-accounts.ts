/**
 * The set-up of the tests on connecting a colleague's calendar account (Google and Outlook):
 * calintel users made as an admin makes them, and the OAuth consent an emulator gives for an
 * account, up to the callback it sends the browser back to.
 */
import { expect } from 'vitest';
import type { Scope } from '../../src/store/store.js';
import type { TestApi } from './test-app.js';

export interface UserWithToken {
  scope: Scope;
  token: string;
}

/**
 * A calintel user created through the admin path, in the organisation `orgName` (made on first
 * use, its internal domain her address's), with an API token.
 */
export async function createUserWithToken(
  api: TestApi,
  email: string,
  name: string,
  orgName: string,
): Promise<UserWithToken> {
  const created = await api.app.admin.createUser({
    email,
    orgName,
    name,
    timeZone: 'UTC',
    internalDomains: [email.split('@')[1] ?? ''],
  });
  const scope = { orgId: created.organisation.id, userId: created.user.id };
  return { scope, token: (await api.app.store.apiTokens.create(scope, 'test')).token };
}

/**
 * Starts a connect at `connectUrl` as the caller `headers` name, for `account`, and follows the
 * emulator's consent (through `fetchConsent`: Microsoft's emulator wants its own CA trusted);
 * returns the callback's path and query, where the emulator sends the browser back.
 */
export async function consentCallbackPath(
  api: TestApi,
  connectUrl: string,
  headers: Record<string, string>,
  account: string,
  fetchConsent: typeof fetch = fetch,
): Promise<string> {
  const started = await api.server.inject({
    method: 'POST',
    url: connectUrl,
    headers,
    payload: { loginHint: account },
  });
  expect(started.statusCode).toBe(200);
  const answer = await fetchConsent(started.json().authorizationUrl, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? '');
  return `${callback.pathname}${callback.search}`;
}
