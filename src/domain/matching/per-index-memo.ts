/**
 * A boundedMemo per CRM index, for facts that are a pure function of the index and a key (an
 * email domain, a contact id): each index keeps its own answers, and they go with the index.
 */
import { boundedMemo, type BoundedMemo } from '../bounded-memo.js';
import type { CrmIndex } from './crm.js';

export interface PerIndexMemo<V> {
  (index: CrmIndex, key: string): V;
  /** Forgets every index's answers. */
  clear(): void;
}

export function perIndexMemo<V>(
  compute: (index: CrmIndex, key: string) => V,
  limit: number,
): PerIndexMemo<V> {
  let memos = new WeakMap<CrmIndex, BoundedMemo<string, V>>();
  const memo = (index: CrmIndex, key: string): V => {
    let known = memos.get(index);
    if (!known) memos.set(index, (known = boundedMemo((k: string) => compute(index, k), limit)));
    return known(key);
  };
  return Object.assign(memo, {
    clear: () => {
      memos = new WeakMap();
    },
  });
}
