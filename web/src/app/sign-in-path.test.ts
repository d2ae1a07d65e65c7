import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPath } from './sign-in-path';

describe('sign-in redirects', () => {
  it('keeps the page to come back to', () => {
    expect(signInPath('/conflicts?days=14')).toBe('/sign-in?next=%2Fconflicts%3Fdays%3D14');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('/meetings')).toBe('/sign-in');
  });

  it('only returns to a path of this site', () => {
    expect(safeReturnPath('/relationships/domain%3Aacme.com')).toBe(
      '/relationships/domain%3Aacme.com',
    );
    expect(safeReturnPath(null)).toBe('/meetings');
    expect(safeReturnPath('https://evil.example/')).toBe('/meetings');
    expect(safeReturnPath('//evil.example/')).toBe('/meetings');
    expect(safeReturnPath('/\\evil.example/')).toBe('/meetings');
    expect(safeReturnPath('/sign-in?next=/x')).toBe('/meetings');
    // Tabs and newlines vanish when a browser parses a URL: `/\t/evil` is `//evil` to it.
    expect(safeReturnPath('/\t/evil.example/')).toBe('/meetings');
    expect(safeReturnPath('/%09/evil.example/')).toBe('/%09/evil.example/');
    expect(safeReturnPath('/\n/evil.example')).toBe('/meetings');
    expect(safeReturnPath('/conflicts?days=14#top')).toBe('/conflicts?days=14#top');
  });
});
