/** The HTML the authorize endpoint shows: the account picker and consent form, and errors. */
import type { SeededUser } from './state.js';

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5}
label{display:block;margin:.3rem 0}button{margin-right:.5rem;padding:.4rem 1rem}</style></head>
<body>${body}</body></html>`;
}

/** Every query parameter is carried through the form, so the POST sees the same request. */
export function consentPage(
  action: string,
  params: URLSearchParams,
  users: SeededUser[],
  chosen: string,
): string {
  const hidden = [...params.entries()]
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('\n');
  const choices = users
    .map(
      (u) =>
        `<label><input type="radio" name="user" value="${escape(u.email)}"${u.email === chosen ? ' checked' : ''}> ${escape(u.name)} &lt;${escape(u.email)}&gt;</label>`,
    )
    .join('\n');
  const scopes = (params.get('scope') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((s) => `<li>${escape(s)}</li>`)
    .join('');
  return page(
    'Permissions requested - Microsoft (emulator)',
    `<h1>Pick an account</h1>
<p>The application <strong>${escape(params.get('client_id') ?? '')}</strong> asks for:</p><ul>${scopes}</ul>
<form method="post" action="${escape(action)}">
${hidden}
${choices}
<p><button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="cancel">Cancel</button></p>
</form>`,
  );
}

export function errorPage(code: string, description: string): string {
  return page(
    'Sign in - Microsoft (emulator)',
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p><code>${escape(code)}</code>: ${escape(description)}</p>`,
  );
}
