/**
 * The SQLite file a DATABASE_URL names, read one way by the store that opens it and by the
 * settings check that refuses a missing one (config.ts): `sqlite:PATH`, `sqlite://PATH`,
 * `file:PATH`, `file:///ABSOLUTE`, or a bare path. Kept free of the store's drivers, so that
 * reading the settings does not load them.
 */
import { fileURLToPath } from 'node:url';

/** The file (as written, maybe relative), `:memory:`, '' when none is named, or null for PostgreSQL. */
export function sqliteTarget(url: string): string | null {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return null;
  // file:///srv/x.sqlite is an absolute path; file:./x.sqlite and file:x.sqlite are relative.
  if (/^file:\/\//i.test(trimmed)) return fileURLToPath(trimmed);
  return trimmed.replace(/^(sqlite:(\/\/)?|file:)/i, '');
}
