import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sqliteTarget, sqliteUrlProblem } from './database-url.js';
import { openDatabase } from './database.js';

describe('sqliteTarget', () => {
  it('reads the file of every form DATABASE_URL accepts', () => {
    expect(sqliteTarget('sqlite:./data/x.sqlite')).toBe('./data/x.sqlite');
    expect(sqliteTarget('sqlite:///srv/x.sqlite')).toBe('/srv/x.sqlite');
    expect(sqliteTarget('SQLITE://rel/x.sqlite')).toBe('rel/x.sqlite');
    expect(sqliteTarget(' /srv/x.sqlite ')).toBe('/srv/x.sqlite');
    expect(sqliteTarget('./x.sqlite')).toBe('./x.sqlite');
    // A file: URL once created a folder named "file:." (the prefix was taken for part of the path).
    expect(sqliteTarget('file:./data/x.sqlite')).toBe('./data/x.sqlite');
    expect(sqliteTarget('file:x.sqlite')).toBe('x.sqlite');
    expect(sqliteTarget('file:///srv/calintel/x.sqlite')).toBe('/srv/calintel/x.sqlite');
    expect(sqliteTarget('file:///srv/with%20space.sqlite')).toBe('/srv/with space.sqlite');
  });

  it('refuses a file: URL with a host or with options, instead of a stack trace or a wrong file', () => {
    expect(sqliteUrlProblem('file://data/cal.sqlite')).toMatch(/must name a file on this machine/);
    expect(sqliteUrlProblem('file:cal.sqlite?mode=ro')).toMatch(/cannot carry \?options/);
    expect(sqliteUrlProblem('file:///srv/cal.sqlite?mode=ro')).toMatch(/cannot carry \?options/);
    expect(sqliteUrlProblem('file:///srv/cal.sqlite')).toBeNull();
    expect(sqliteUrlProblem('file://localhost/srv/cal.sqlite')).toBeNull();
    expect(sqliteUrlProblem('sqlite:./x.sqlite')).toBeNull();
    expect(() => sqliteTarget('file://data/cal.sqlite')).toThrow(/^DATABASE_URL: /);
  });

  it('refuses a SQLite URL without a path, which would fail when the store opens it', () => {
    for (const url of ['sqlite:', 'sqlite://', 'file:', 'FILE://', ' sqlite: '])
      expect(sqliteUrlProblem(url), url).toMatch(/names no file; give sqlite:PATH/);
    expect(sqliteUrlProblem('sqlite::memory:')).toBeNull();
    expect(() => openDatabase({ url: 'sqlite:' })).toThrow(
      /^DATABASE_URL: "sqlite:" names no file/,
    );
  });

  it('names no file for PostgreSQL, memory or nothing', () => {
    expect(sqliteTarget('postgres://u@db/x')).toBeNull();
    expect(sqliteTarget('POSTGRESQL://u@db/x')).toBeNull();
    expect(sqliteTarget('sqlite::memory:')).toBe(':memory:');
    expect(sqliteTarget('sqlite:')).toBe('');
  });
});

describe('openDatabase with a file: URL', () => {
  it('opens the file the URL names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-file-url-'));
    const opened = openDatabase({ url: pathToFileURL(join(dir, 'named.sqlite')).href });
    await opened.close();
    expect(existsSync(join(dir, 'named.sqlite'))).toBe(true);
    expect(readdirSync(dir).filter((name) => !name.startsWith('named.sqlite'))).toEqual([]);
  });
});
