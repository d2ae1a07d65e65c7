import { describe, expect, it } from 'vitest';
import { escapeHtml, standalonePage } from './standalone-page.js';

describe('standalonePage', () => {
  it('escapes the title, in the heading and the window title', () => {
    const page = standalonePage('<script>x</script> & "co"', '<p>body</p>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<h1>&#60;script&#62;x&#60;/script&#62; &#38; &#34;co&#34;</h1>');
    expect(page).toContain('<title>&#60;script&#62;');
    expect(page).toContain('<main><h1>');
    expect(page).toContain('<p>body</p></main>');
  });

  it('loads nothing from elsewhere: its style is inline and its icon empty', () => {
    const page = standalonePage('Signed in', '');
    expect(page).toMatch(/<style>[^<]+<\/style>/);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).toContain('<link rel="icon" href="data:,">');
  });

  it('escapes every character that could end an attribute or start a tag', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});
