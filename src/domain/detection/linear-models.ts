/**
 * Several linear models scored together over the same Features, as the type classifier does (one
 * model per class). linearScore looked every feature name up in each model's Map; here a name is
 * looked up once, in a table shared by the models, and each model's weight is read from a row
 * kept beside the others' (the same for a hashed bucket). Each score adds the same numbers in the
 * same order as linearScore, so the scores are the same to the bit.
 */
import { HASH_BUCKETS, type Features } from './features.js';
import { compiledWeights, linearScore, type LinearWeights } from './linear.js';

export class LinearModels {
  /** Feature name -> row in `named`; a name no model weighs has no row. */
  private readonly rows = new Map<string, number>();
  /** Row-major: the weight of row r in model k is at r * count + k. */
  private readonly named: Float64Array;
  /** Bucket -> row in `hashed`, -1 for a bucket every model weighs 0. */
  private readonly bucketRows: Int32Array;
  private readonly hashed: Float64Array;
  private readonly count: number;

  constructor(private readonly models: readonly LinearWeights[]) {
    this.count = models.length;
    const compiled = models.map(compiledWeights);
    for (const model of compiled)
      for (const name of model.named.keys())
        if (!this.rows.has(name)) this.rows.set(name, this.rows.size);
    this.named = new Float64Array(this.rows.size * this.count);
    compiled.forEach((model, k) => {
      for (const [name, weight] of model.named)
        this.named[(this.rows.get(name) ?? 0) * this.count + k] = weight;
    });
    // Only the buckets some model weighs get a row (about a quarter of them): the weights read
    // at random by bucket then take a third of the memory, and the cache misses are what cost.
    this.bucketRows = new Int32Array(HASH_BUCKETS).fill(-1);
    let weighed = 0;
    for (let bucket = 0; bucket < HASH_BUCKETS; bucket++)
      if (compiled.some((model) => (model.hashed[bucket] ?? 0) !== 0))
        this.bucketRows[bucket] = weighed++;
    this.hashed = new Float64Array(weighed * this.count);
    for (let bucket = 0; bucket < HASH_BUCKETS; bucket++) {
      const row = this.bucketRows[bucket] ?? -1;
      if (row >= 0)
        compiled.forEach((model, k) => {
          this.hashed[row * this.count + k] = model.hashed[bucket] ?? 0;
        });
    }
  }

  /**
   * linearScore(features, model) for each model, in the models' order. A bucket every model
   * weighs 0 is skipped: adding 0 or -0 changes no score (a sum that starts at +0 is never -0).
   */
  scores(features: Features): number[] {
    const { count, named, hashed, rows, bucketRows } = this;
    // A plain array, `forEach` and an indexed loop: about a third faster here than a typed
    // array, `for...of` over the Map's entries and over the buckets.
    const scores: number[] = [];
    for (let k = 0; k < count; k++) scores.push(0); // packed, unlike new Array(count).fill(0)
    features.named.forEach((value, name) => {
      const row = rows.get(name);
      if (row === undefined) {
        // linearScore adds 0 * value here (NaN when the value is not finite): so does this.
        for (let k = 0; k < count; k++) scores[k] = (scores[k] ?? 0) + 0 * value;
        return;
      }
      const at = row * count;
      for (let k = 0; k < count; k++) scores[k] = (scores[k] ?? 0) + (named[at + k] ?? 0) * value;
    });
    const buckets = features.hashed;
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i];
      if (bucket === undefined || !isBucket(bucket))
        return this.models.map((m) => linearScore(features, m));
      const row = bucketRows[bucket] ?? -1;
      if (row < 0) continue;
      const at = row * count;
      for (let k = 0; k < count; k++) scores[k] = (scores[k] ?? 0) + (hashed[at + k] ?? 0);
    }
    return scores;
  }
}

/** A bucket the dense weights cover (extractFeatures only makes these). */
function isBucket(bucket: number): boolean {
  return bucket >>> 0 === bucket && bucket < HASH_BUCKETS;
}
