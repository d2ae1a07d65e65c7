/**
 * Training of the linear models: L2-regularised logistic regression (binary) and softmax
 * regression (types), by full-batch gradient descent with Adam on dense vectors (named features
 * get indices, hashed buckets follow them). Deterministic: the same examples in the same order
 * give the same weights. Written here rather than taken from a library because the models are
 * sparse (named features plus hashed n-grams), the data is small (a few thousand events), and
 * the same code also fits an organisation's adjustment from its feedback, on top of the base
 * model's scores, in a background job.
 */
import { HASH_BUCKETS, type Features } from './features.js';
import { sigmoid, softmax, type LinearWeights } from './linear.js';

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 strength on named features and on hashed buckets. */
  l2Named?: number;
  l2Hashed?: number;
  /** Scores added to each example's (per class for multiclass) before the model's. */
  offsets?: readonly number[] | readonly (readonly number[])[];
  /** Per-example weights (feedback counts more than a guess). */
  exampleWeights?: readonly number[];
}

const DEFAULTS = { epochs: 300, learningRate: 0.05, l2Named: 1e-3, l2Hashed: 1e-2 };

/** Examples as index/value lists over one dense layout: named features first, then buckets. */
interface Encoded {
  names: string[];
  rows: { index: Int32Array; value: Float64Array }[];
  size: number;
}

function encode(examples: readonly Features[]): Encoded {
  const names = [...new Set(examples.flatMap((e) => [...e.named.keys()]))].sort();
  const position = new Map(names.map((n, i) => [n, i]));
  const rows = examples.map((features) => {
    const index: number[] = [];
    const value: number[] = [];
    for (const [name, v] of features.named) {
      index.push(position.get(name) ?? 0);
      value.push(v);
    }
    for (const bucket of features.hashed) {
      index.push(names.length + bucket);
      value.push(1);
    }
    return { index: Int32Array.from(index), value: Float64Array.from(value) };
  });
  return { names, rows, size: names.length + HASH_BUCKETS };
}

function dot(weights: Float64Array, row: Encoded['rows'][number]): number {
  let score = 0;
  for (let j = 0; j < row.index.length; j++)
    score += (weights[row.index[j] ?? 0] ?? 0) * (row.value[j] ?? 0);
  return score;
}

/** Binary logistic regression: labels 1 (sales meeting) or 0. */
export function trainBinary(
  examples: readonly Features[],
  labels: readonly number[],
  options: TrainOptions = {},
): LinearWeights {
  const settings = { ...DEFAULTS, ...options };
  const data = encode(examples);
  const weights = new Float64Array(data.size);
  const adam = new Adam(data.size, settings.learningRate);
  const gradient = new Float64Array(data.size);
  const total = sum(data.rows.map((_, i) => settings.exampleWeights?.[i] ?? 1));
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    gradient.fill(0);
    data.rows.forEach((row, i) => {
      const offset = Number(settings.offsets?.[i] ?? 0);
      const error =
        (sigmoid(dot(weights, row) + offset) - (labels[i] ?? 0)) *
        (settings.exampleWeights?.[i] ?? 1);
      for (let j = 0; j < row.index.length; j++) {
        const k = row.index[j] ?? 0;
        gradient[k] = (gradient[k] ?? 0) + error * (row.value[j] ?? 0);
      }
    });
    adam.step(weights, gradient, total, data.names.length, settings);
  }
  return decode(weights, data.names);
}

/** Softmax regression over `classes`; labels are class indices. */
export function trainMulticlass(
  examples: readonly Features[],
  labels: readonly number[],
  classes: number,
  options: TrainOptions = {},
): LinearWeights[] {
  const settings = { ...DEFAULTS, ...options };
  const data = encode(examples);
  const weights = Array.from({ length: classes }, () => new Float64Array(data.size));
  const adams = weights.map(() => new Adam(data.size, settings.learningRate));
  const gradients = weights.map(() => new Float64Array(data.size));
  const total = sum(data.rows.map((_, i) => settings.exampleWeights?.[i] ?? 1));
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (const g of gradients) g.fill(0);
    data.rows.forEach((row, i) => {
      const offsets = settings.offsets?.[i];
      const scores = weights.map(
        (w, k) => dot(w, row) + (Array.isArray(offsets) ? Number(offsets[k] ?? 0) : 0),
      );
      const probabilities = softmax(scores);
      const w = settings.exampleWeights?.[i] ?? 1;
      probabilities.forEach((p, k) => {
        const error = (p - (labels[i] === k ? 1 : 0)) * w;
        const gradient = gradients[k];
        if (!gradient || error === 0) return;
        for (let j = 0; j < row.index.length; j++) {
          const idx = row.index[j] ?? 0;
          gradient[idx] = (gradient[idx] ?? 0) + error * (row.value[j] ?? 0);
        }
      });
    });
    weights.forEach((w, k) =>
      adams[k]?.step(
        w,
        gradients[k] ?? new Float64Array(data.size),
        total,
        data.names.length,
        settings,
      ),
    );
  }
  return weights.map((w) => decode(w, data.names));
}

/** Platt scaling: p = sigmoid(a * score + b), fitted on held-back scores. */
export function fitPlatt(
  scores: readonly number[],
  labels: readonly number[],
): { a: number; b: number } {
  let a = 1;
  let b = 0;
  const rate = 0.05;
  for (let i = 0; i < 3000; i++) {
    let ga = 0;
    let gb = 0;
    scores.forEach((s, j) => {
      const error = sigmoid(a * s + b) - (labels[j] ?? 0);
      ga += error * s;
      gb += error;
    });
    a -= (rate * ga) / scores.length;
    b -= (rate * gb) / scores.length;
  }
  return { a, b };
}

class Adam {
  private t = 0;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  constructor(
    size: number,
    private readonly rate: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(
    weights: Float64Array,
    gradient: Float64Array,
    total: number,
    namedCount: number,
    settings: typeof DEFAULTS,
  ): void {
    this.t += 1;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    for (let k = 0; k < weights.length; k++) {
      const w = weights[k] ?? 0;
      const raw = gradient[k] ?? 0;
      if (raw === 0 && w === 0 && (this.m[k] ?? 0) === 0) continue;
      const l2 = k < namedCount ? settings.l2Named : settings.l2Hashed;
      const g = raw / total + l2 * w;
      const m = 0.9 * (this.m[k] ?? 0) + 0.1 * g;
      const v = 0.999 * (this.v[k] ?? 0) + 0.001 * g * g;
      this.m[k] = m;
      this.v[k] = v;
      weights[k] = w - (this.rate * (m / c1)) / (Math.sqrt(v / c2) + 1e-8);
    }
  }
}

/** Back to named and bucket weights; tiny ones dropped, the rest rounded, for a small stable JSON. */
function decode(weights: Float64Array, names: readonly string[]): LinearWeights {
  const named: Record<string, number> = {};
  const hashed: Record<string, number> = {};
  weights.forEach((w, k) => {
    if (Math.abs(w) < 1e-4) return;
    const rounded = Math.round(w * 1e5) / 1e5;
    if (k < names.length) named[names[k] ?? ''] = rounded;
    else hashed[String(k - names.length)] = rounded;
  });
  return { named, hashed };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
