/**
 * A batch (an API call, a file) names each CRM record once. The store upserts by a key: the CRM's
 * id, else an account's name or a person's email without case (and a name without extra spaces). Two items with one key would
 * become one record holding the later item's values, its id returned for both: the earlier item
 * lost without a word. Such a batch is refused before anything is written, naming both items.
 */
import { normaliseEmail } from '../../domain/event.js';
import { invalidInput } from '../../domain/errors.js';
import type { ItemProblem } from '../../domain/item-problems.js';
import { foldAccountName } from '../../domain/account-name.js';
import { listLocator, type CrmKind, type Locate } from './crm-kinds.js';
import { describeProblems, type CheckedItem } from './item-checks.js';

/**
 * Where an item is: a field's place for an error (`body.accounts.3.name`, `line 4, column "name"
 * (2)`) and the item's name (`item 3`, `line 4`).
 */
export interface BatchPositions {
  at: Locate;
  name: (index: number) => string;
  per: 'request' | 'file';
}

/** Items of a list, named by their index: `accounts.3`, "item 3". */
export function listPositions(list: string, per: BatchPositions['per']): BatchPositions {
  return { at: listLocator(list), name: (i) => `item ${i}`, per };
}

interface BatchItem {
  externalId?: string | undefined;
  name?: string | null | undefined;
  email?: string | undefined;
}

/** Refuses a batch in which some item names a record an earlier item already names. */
export function checkOncePerBatch(
  kind: CrmKind,
  items: readonly BatchItem[],
  positions: BatchPositions,
): void {
  const problems = repeatedRecords(
    kind,
    items.map((item, index) => ({ index, item })),
    positions,
  );
  if (problems.length > 0) throw invalidInput(describeProblems(problems, positions.at));
}

/**
 * Every item whose record an earlier item of the batch already names. `entries` are the items
 * that passed their schema, with their positions in the batch.
 */
export function repeatedRecords(
  kind: CrmKind,
  entries: readonly CheckedItem<BatchItem>[],
  positions: BatchPositions,
): ItemProblem[] {
  const naturalField = kind === 'accounts' ? 'name' : 'email';
  const byExternalId = new Map<string, number>();
  const byNatural = new Map<string, number>();
  const byNaturalWithoutId = new Map<string, number>();
  const problems: ItemProblem[] = [];
  for (const { index: i, item } of entries) {
    const given = (kind === 'accounts' ? item.name : item.email) ?? '';
    const natural = kind === 'accounts' ? foldAccountName(given) : normaliseEmail(given);
    const refuse = (field: string, value: string, earlier: number) => {
      const as = field === 'email' && natural !== value ? ` (as ${natural})` : '';
      problems.push({
        index: i,
        externalId: item.externalId ?? null,
        field,
        message: `"${value}" is also ${positions.name(earlier)}'s${as}; each record once per ${positions.per}`,
      });
    };
    const seenExternalId = () => {
      if (!item.externalId) return;
      const earlier = byExternalId.get(item.externalId);
      if (earlier !== undefined) refuse('externalId', item.externalId, earlier);
      else byExternalId.set(item.externalId, i);
    };
    // An update by external id may leave its name or email out: it has no natural key then.
    if (given === '') {
      seenExternalId();
      continue;
    }
    if (item.externalId) {
      seenExternalId();
      // An earlier item without an id may be matched to the record this one writes.
      const bare = byNaturalWithoutId.get(natural);
      if (bare !== undefined) refuse(naturalField, given, bare);
    } else {
      const earlier = byNatural.get(natural);
      if (earlier !== undefined) refuse(naturalField, given, earlier);
      else byNaturalWithoutId.set(natural, i);
    }
    if (!byNatural.has(natural)) byNatural.set(natural, i);
  }
  return problems;
}
