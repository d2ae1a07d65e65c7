/**
 * What a person does on the Google or Microsoft emulator's sign-in page when the demo connects
 * them: picks their own account among those listed and allows. The emulators' pages are forms
 * (emulators/google/consent-page.ts, emulators/microsoft/consent-page.ts) that carry the whole
 * authorisation request in hidden fields and post it back with the chosen account.
 */
import { AppError } from '../../domain/errors.js';

/** Signs in as `email` on the page at `authorizationUrl`; returns where the provider sends back. */
export async function consentAs(
  authorizationUrl: string,
  email: string,
  fetchFn: typeof fetch = fetch,
): Promise<URL> {
  const asked = await fetchFn(authorizationUrl, { redirect: 'manual' });
  if (asked.status !== 200) {
    throw new AppError(
      'internal',
      `the provider's sign-in page for ${email} answered ${asked.status}, not a consent form`,
      true,
    );
  }
  const form = consentForm(await asked.text());
  if (!form || !form.accounts.includes(email)) {
    throw new AppError('internal', `the provider's sign-in page does not offer ${email}`, true);
  }
  const answer = await fetchFn(new URL(form.action, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, user: email, decision: form.allow }).toString(),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) {
    throw new AppError('internal', `the provider did not redirect back for ${email}`, true);
  }
  return new URL(location, authorizationUrl);
}

export interface ConsentForm {
  action: string;
  /** The hidden fields: the authorisation request, carried through the form. */
  fields: Record<string, string>;
  /** The accounts offered (the radio buttons named `user`). */
  accounts: string[];
  /** The value of the first submit button, the one that grants access on both emulators. */
  allow: string;
}

/** The consent form of an emulator's page, or null when the page holds none. */
export function consentForm(page: string): ConsentForm | null {
  const action = /<form method="post" action="([^"]*)">/.exec(page)?.[1];
  const allow = /<button type="submit" name="decision" value="([^"]*)">/.exec(page)?.[1];
  if (action === undefined || allow === undefined) return null;
  const fields: Record<string, string> = {};
  for (const [, name, value] of page.matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
  )) {
    fields[unescapeHtml(name ?? '')] = unescapeHtml(value ?? '');
  }
  const accounts = [...page.matchAll(/<input type="radio" name="user" value="([^"]*)"/g)].map(
    (match) => unescapeHtml(match[1] ?? ''),
  );
  return { action: unescapeHtml(action), fields, accounts, allow: unescapeHtml(allow) };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** The emulators escape & < > " by name and ' as &#39;. */
function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#\d+);/g, (entity, name: string) =>
    name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (ENTITIES[name] ?? entity),
  );
}
