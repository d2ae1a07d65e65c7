/**
 * A CRM upsert may leave out any field of a record it updates, the required one too (a CRM pushes
 * only what changed), but a record it creates needs that field. The store alone knows, in the
 * write's transaction, which records exist: it refuses the batch with every such item, and the
 * caller names them in its own terms (an API body's index, a file's line).
 */
export interface IncompleteRecord {
  /** The item's position in the batch. */
  index: number;
  externalId: string | null;
}

export class IncompleteNewRecords extends Error {
  override readonly name = 'IncompleteNewRecords';
  constructor(
    readonly field: 'name' | 'email',
    readonly records: readonly IncompleteRecord[],
  ) {
    super(`${records.length} new record(s) without ${field}`);
  }
}

/**
 * The items without `field` that name no stored record: new records lacking what a new record
 * needs. `stored` says whether an external id is one of the organisation's records.
 */
export function incompleteNewRecords<T extends { externalId?: string | null }>(
  items: readonly T[],
  lacks: (item: T) => boolean,
  stored: (externalId: string) => boolean,
): IncompleteRecord[] {
  return items.flatMap((item, index) =>
    lacks(item) && !(item.externalId && stored(item.externalId))
      ? [{ index, externalId: item.externalId ?? null }]
      : [],
  );
}
