/**
 * The few pages the service renders itself, outside the dashboard (the sign-in link, the end of
 * an OAuth connection, a missing build): one self-contained document in the dashboard's colours,
 * with its style inline, so that it loads nothing else and works when the dashboard is not built.
 */

/** Escapes text for HTML, attributes included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{color:#111827;background:#f6f7f9;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
body{margin:0}
header{background:#0f172a;color:#fff;padding:.9rem 1.5rem;font-weight:700;font-size:1.25rem}
main{max-width:36rem;margin:3rem auto;padding:1.5rem 1.75rem;background:#fff;border:1px solid #d1d5db;border-radius:8px}
h1{font-size:1.5rem;margin:0 0 .75rem}
p{margin:.75rem 0}
a{color:#1d4ed8}
button{font:inherit;padding:.5rem 1.1rem;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer;min-height:2.5rem}
button:hover{background:#1e3a8a}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
`.replace(/\n/g, '');

/** A whole page: `title` is text (escaped here); `bodyHtml` is HTML the caller escaped. */
export function standalonePage(title: string, bodyHtml: string): string {
  const heading = escapeHtml(title);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<link rel="icon" href="data:,"><title>${heading} · calintel</title><style>${STYLE}</style></head>` +
    `<body><header>calintel</header><main><h1>${heading}</h1>${bodyHtml}</main></body></html>`
  );
}
