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
  const problem = fileUrlProblem(trimmed);
  if (problem) throw new Error(`DATABASE_URL: ${problem}`);
  // file:///srv/x.sqlite is an absolute path; file:./x.sqlite and file:x.sqlite are relative.
  if (/^file:\/\//i.test(trimmed)) return fileURLToPath(trimmed);
  return trimmed.replace(/^(sqlite:(\/\/)?|file:)/i, '');
}

/**
 * Why a SQLite URL names no file this store can open, or null: one with no path at all
 * (`sqlite:`, `file:`), a `file:` URL with a host (`file://data/x.sqlite` reads `data` as a
 * machine), or with SQLite's `?mode=ro`-style options, which would otherwise be dropped or read as
 * part of the file's name.
 */
export function sqliteUrlProblem(url: string): string | null {
  const trimmed = url.trim();
  if (/^(sqlite:(\/\/)?|file:(\/\/)?)$/i.test(trimmed))
    return `"${trimmed}" names no file; give sqlite:PATH (sqlite:./data/calintel.sqlite), or sqlite::memory:`;
  return fileUrlProblem(trimmed);
}

function fileUrlProblem(trimmed: string): string | null {
  if (!/^file:/i.test(trimmed)) return null;
  if (/[?#]/.test(trimmed))
    return 'a file: URL cannot carry ?options or a #fragment here; name the file alone';
  if (!/^file:\/\//i.test(trimmed)) return null;
  try {
    fileURLToPath(trimmed);
    return null;
  } catch {
    return 'a file: URL must name a file on this machine: file:///absolute/path or file:relative/path';
  }
}
