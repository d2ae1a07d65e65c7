/**
 * Checks of a batch's items one by one, so that every problem of every item is named at once
 * (an API call's index, a file's line), with the item's externalId: a CRM fixes a refused push
 * in one go. Unknown keys are refused, not dropped: a misspelled `domain` or `Stage` would
 * otherwise store an account without its domains or stage, and the call would say 200.
 */
import type { z } from 'zod';
import { InvalidItems, type ItemProblem } from '../../domain/item-problems.js';
import type { Locate } from './crm-kinds.js';

/** What is wrong with an item, before it is known which item. */
export interface FieldProblem {
  field: string | null;
  message: string;
}

/** An item that passed its schema, with its position in the batch. */
export interface CheckedItem<T> {
  index: number;
  item: T;
}

/** The items that pass `schema`, and every problem of the others. */
export function parseItems<S extends z.ZodObject>(
  schema: S,
  raw: readonly unknown[],
): { entries: CheckedItem<z.output<S>>[]; problems: ItemProblem[] } {
  const accepted = Object.keys(schema.shape);
  const entries: CheckedItem<z.output<S>>[] = [];
  const problems: ItemProblem[] = [];
  raw.forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) entries.push({ index, item: parsed.data });
    else
      for (const p of issueProblems(parsed.error.issues, value, accepted))
        problems.push({ index, externalId: externalIdOf(value), ...p });
  });
  return { entries, problems };
}

/**
 * The issues of one item in words: a field not sent is `is required` (as the API's validation
 * says it), an unknown key is named, with the field it probably meant.
 */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
  accepted: readonly string[],
): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: unknownKeyMessage(key, path.length === 0 ? accepted : []),
      }));
    const absent = path.length > 0 && valueAt(value, path) === undefined;
    return [{ field: path.join('.') || null, message: absent ? 'is required' : issue.message }];
  });
}

/** `Unrecognized key: "domain"`, as zod says it, and the accepted name it is close to. */
export function unknownKeyMessage(key: string, accepted: readonly string[]): string {
  const meant = closestName(key, accepted);
  return `Unrecognized key: "${key}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
}

/** The accepted name `key` differs from only by case, or by at most two letters. */
export function closestName(key: string, accepted: readonly string[]): string | null {
  const folded = key.toLowerCase();
  const sameLetters = accepted.find((name) => name.toLowerCase() === folded);
  if (sameLetters) return sameLetters;
  if (folded.length < 4) return null;
  let best: { name: string; distance: number } | null = null;
  for (const name of accepted) {
    const distance = editDistance(folded, name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance, on two short field names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, replace);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The externalId an item sent, for naming it in a problem even when the item is invalid. */
export function externalIdOf(value: unknown): string | null {
  const id = valueAt(value, ['externalId']);
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let at = value;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Every problem in the batch's order, each where it is: `body.leads.3.email: is required`. */
export function describeProblems(problems: readonly ItemProblem[], locate: Locate): string {
  return problems.map((p) => `${locate(p.index, p.field ?? undefined)}: ${p.message}`).join('; ');
}

/** Refuses the batch when anything is wrong, naming every problem. */
export function refuseProblems(problems: readonly ItemProblem[], locate: Locate): void {
  if (problems.length === 0) return;
  // Stable: an item's problems stay in the order they were found (its schema's first).
  const sorted = [...problems].sort((a, b) => a.index - b.index);
  throw new InvalidItems(sorted, describeProblems(sorted, locate));
}
