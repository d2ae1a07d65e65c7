/**
 * A memo for a pure function of one key, emptied whenever it reaches its limit: repeated keys
 * (the same few thousand domains across a run) are answered from memory, and no input, however
 * varied, can make it grow past the limit.
 */
export interface BoundedMemo<K, V> {
  (key: K): V;
  readonly size: number;
  clear(): void;
}

export function boundedMemo<K, V>(compute: (key: K) => V, limit: number): BoundedMemo<K, V> {
  const known = new Map<K, V>();
  const memo = (key: K): V => {
    // One lookup for a hit; `has` only tells a remembered `undefined` from a miss.
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as V;
    const value = compute(key);
    if (known.size >= limit) known.clear();
    known.set(key, value);
    return value;
  };
  return Object.defineProperties(memo, {
    size: { get: () => known.size },
    clear: { value: () => known.clear() },
  }) as BoundedMemo<K, V>;
}
