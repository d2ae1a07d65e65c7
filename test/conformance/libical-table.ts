/**
 * Reads libical's recurrence table (`../shared/conformance/libical/icalrecur_test.txt`, see its
 * SOURCE.md). The file stays outside the project: it is external test data under LGPL/MPL.
 *
 * Format: blocks separated by blank lines; `#` lines describe the case, then `KEY:value` lines.
 * Known keys: RRULE, DTSTART, START-AT, INSTANCES, and (in other libical versions) RSCALE,
 * PREV-INSTANCES. Unknown keys are kept in `extra` so that a newer table cannot be misread
 * silently: the test marks such a case as not understood instead of guessing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LibicalCase {
  /** 1-based line of the block's first line in the table, to find it again. */
  line: number;
  /** The `#` comment lines, joined. */
  description: string;
  rrule: string;
  dtstart: string;
  /** libical's iterator starts listing here; INSTANCES still lists from DTSTART. */
  startAt: string | null;
  /** Expected instances in DTSTART's form; null when libical prints an error instead. */
  instances: string[] | null;
  /** The INSTANCES text when it is not a list (e.g. `*** UNIMPLEMENTED: ...`). */
  instancesNote: string | null;
  prevInstances: string[] | null;
  /** Lines with keys this reader does not know. */
  extra: Record<string, string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const libicalTablePath = path.resolve(
  repoRoot,
  '..',
  'shared',
  'conformance',
  'libical',
  'icalrecur_test.txt',
);

/** Returns the table's text, or null when the file is not there (run outside the workplace). */
export function readLibicalTable(): string | null {
  return existsSync(libicalTablePath) ? readFileSync(libicalTablePath, 'utf8') : null;
}

const INSTANT_LIST = /^\d{8}(T\d{6}Z?)?(,\d{8}(T\d{6}Z?)?)*$/;

function parseList(value: string): string[] | null {
  const v = value.trim();
  return INSTANT_LIST.test(v) ? v.split(',') : null;
}

/** Splits the table into cases; a block without RRULE and DTSTART is not a case. */
export function parseLibicalTable(text: string): LibicalCase[] {
  const cases: LibicalCase[] = [];
  const lines = text.split(/\r?\n/);
  let block: { line: number; text: string }[] = [];
  const flush = (): void => {
    const parsed = parseBlock(block);
    if (parsed) cases.push(parsed);
    block = [];
  };
  lines.forEach((text, i) => {
    if (text.trim() === '') flush();
    else block.push({ line: i + 1, text });
  });
  flush();
  return cases;
}

function parseBlock(block: { line: number; text: string }[]): LibicalCase | null {
  const first = block[0];
  if (!first) return null;
  const comments: string[] = [];
  const fields: Record<string, string> = {};
  for (const { text } of block) {
    if (text.startsWith('#')) comments.push(text.replace(/^#\s?/, ''));
    else {
      const colon = text.indexOf(':');
      if (colon > 0) fields[text.slice(0, colon).trim().toUpperCase()] = text.slice(colon + 1);
    }
  }
  const { RRULE: rrule, DTSTART: dtstart, INSTANCES: instances } = fields;
  if (rrule === undefined || dtstart === undefined) return null;
  const known = new Set(['RRULE', 'DTSTART', 'START-AT', 'INSTANCES', 'PREV-INSTANCES']);
  const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => !known.has(k)));
  const list = instances === undefined ? null : parseList(instances);
  const prev = fields['PREV-INSTANCES'];
  return {
    line: first.line,
    description: comments.join(' / '),
    rrule: rrule.trim(),
    dtstart: dtstart.trim(),
    startAt: fields['START-AT']?.trim() ?? null,
    instances: list,
    instancesNote: list ? null : (instances?.trim() ?? 'no INSTANCES line'),
    prevInstances: prev === undefined ? null : parseList(prev),
    extra,
  };
}

/** `19970902T090000` -> ms since epoch, reading a floating time as UTC (as the table does). */
export function tableValueToMs(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) throw new Error(`not a table value: ${value}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
}

/** Formats ms (a UTC-read wall time) back in the form of the case's DTSTART. */
export function msToTableValue(ms: number, like: string): string {
  const iso = new Date(ms).toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  if (like.length === 8) return date;
  const time = iso.slice(11, 19).replace(/:/g, '');
  return `${date}T${time}${like.endsWith('Z') ? 'Z' : ''}`;
}

/** The expected instances the comparison uses: from START-AT on when the case has one. */
export function expectedFrom(c: LibicalCase): string[] | null {
  if (!c.instances) return null;
  if (!c.startAt) return c.instances;
  const from = tableValueToMs(c.startAt);
  return c.instances.filter((v) => tableValueToMs(v) >= from);
}
