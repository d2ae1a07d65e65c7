/** The HTML the authorization endpoint shows: the consent form and the error page. */
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
export function consentPage(params: URLSearchParams, users: SeededUser[], chosen: string): string {
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
    'Sign in - Google Accounts (emulator)',
    `<h1>Choose an account</h1>
<p>The application <strong>${escape(params.get('client_id') ?? '')}</strong> asks for:</p><ul>${scopes}</ul>
<form method="post" action="/o/oauth2/v2/auth/consent">
${hidden}
${choices}
<p><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>`,
  );
}

export function errorPage(error: string, description: string): string {
  return page(
    'Error - Google Accounts (emulator)',
    `<h1>Access blocked: Authorization Error</h1>
<p>${escape(description)}</p>
<p>Error 400: <code>${escape(error)}</code></p>`,
  );
}
