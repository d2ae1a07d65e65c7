/**
 * What the demo does in a person's place once the provider's consent sends the browser back: a
 * connection started without a dashboard session gets a page that asks first
 * (src/api/routes/oauth-callback.route.ts), and the person presses its button, which POSTs the
 * page's state and code back to the same address.
 */
export async function finishConsent(callback: URL): Promise<Response> {
  const asked = await fetch(callback);
  if (!asked.ok) return asked;
  const page = await asked.text();
  const fields = confirmationFields(page);
  if (!fields) return new Response(page, { status: asked.status });
  return fetch(new URL(callback.pathname, callback), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The state and code of a confirmation page, or null when the page is something else. */
export function confirmationFields(page: string): { state: string; code: string } | null {
  const state = hiddenField(page, 'state');
  const code = hiddenField(page, 'code');
  return state === null || code === null ? null : { state, code };
}

function hiddenField(page: string, name: string): string | null {
  const value = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(page)?.[1];
  return value === undefined
    ? null
    : value.replace(/&#(\d+);/g, (_match, digits: string) => String.fromCharCode(Number(digits)));
}
