/**
 * Linear models over Features: weights for named features and for hashed n-gram buckets. One
 * binary model (is it a sales meeting) and one per meeting type (softmax) use the same form, and
 * an organisation's adjustment learnt from its feedback is one more of them, added on top.
 */
import { HASH_BUCKETS, type Features } from './features.js';

export interface LinearWeights {
  named: Record<string, number>;
  /** Bucket index (as a string key, for JSON) -> weight; absent buckets weigh 0. */
  hashed: Record<string, number>;
}

export function emptyWeights(): LinearWeights {
  return { named: {}, hashed: {} };
}

/**
 * The weights as scoring reads them: a Map for the names and a dense array for the buckets, built
 * once per weights object (looking names and bucket numbers up in large JSON records cost most of
 * the scoring time). The same numbers added in the same order: scores are unchanged to the bit.
 * Weights are treated as immutable once scored: training builds new objects (train.ts decode).
 */
export interface CompiledWeights {
  named: Map<string, number>;
  hashed: Float64Array;
}

const COMPILED = new WeakMap<LinearWeights, CompiledWeights>();

export function compiledWeights(weights: LinearWeights): CompiledWeights {
  let found = COMPILED.get(weights);
  if (!found) {
    const hashed = new Float64Array(HASH_BUCKETS);
    for (const [bucket, weight] of Object.entries(weights.hashed)) {
      const index = Number(bucket);
      if (String(index) === bucket && index >= 0 && index < HASH_BUCKETS) hashed[index] = weight;
    }
    found = { named: new Map(Object.entries(weights.named)), hashed };
    COMPILED.set(weights, found);
  }
  return found;
}

export function linearScore(features: Features, weights: LinearWeights): number {
  const { named, hashed } = compiledWeights(weights);
  let score = 0;
  // `forEach` and an indexed loop: cheaper here than `for...of` (see linear-models.ts).
  features.named.forEach((value, name) => {
    score += (named.get(name) ?? 0) * value;
  });
  // A bucket outside the array (never produced by extractFeatures) is looked up as before.
  const buckets = features.hashed;
  for (let i = 0; i < buckets.length; i++) {
    // As read by for...of: a hole is undefined, looked up as before (and weighs 0).
    const bucket = buckets[i] as number;
    score += hashed[bucket] ?? weights.hashed[bucket] ?? 0;
  }
  return score;
}

/** Each named feature's share of the score, largest in size first (for reasons). */
export function namedContributions(
  features: Features,
  weights: LinearWeights,
): { name: string; contribution: number }[] {
  const { named } = compiledWeights(weights);
  const out: { name: string; contribution: number }[] = [];
  features.named.forEach((value, name) => {
    const contribution = (named.get(name) ?? 0) * value;
    if (contribution !== 0 && name !== 'bias') out.push({ name, contribution });
  });
  return out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
