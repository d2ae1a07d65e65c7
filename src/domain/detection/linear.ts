/**
 * Linear models over Features: weights for named features and for hashed n-gram buckets. One
 * binary model (is it a sales meeting) and one per meeting type (softmax) use the same form, and
 * an organisation's adjustment learnt from its feedback is one more of them, added on top.
 */
import type { Features } from './features.js';

export interface LinearWeights {
  named: Record<string, number>;
  /** Bucket index (as a string key, for JSON) -> weight; absent buckets weigh 0. */
  hashed: Record<string, number>;
}

export function emptyWeights(): LinearWeights {
  return { named: {}, hashed: {} };
}

export function linearScore(features: Features, weights: LinearWeights): number {
  let score = 0;
  for (const [name, value] of features.named) score += (weights.named[name] ?? 0) * value;
  for (const bucket of features.hashed) score += weights.hashed[bucket] ?? 0;
  return score;
}

/** Each named feature's share of the score, largest in size first (for reasons). */
export function namedContributions(
  features: Features,
  weights: LinearWeights,
): { name: string; contribution: number }[] {
  const out: { name: string; contribution: number }[] = [];
  for (const [name, value] of features.named) {
    const contribution = (weights.named[name] ?? 0) * value;
    if (contribution !== 0 && name !== 'bias') out.push({ name, contribution });
  }
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
