/** Scores for EVALUATION.md: precision/recall/F1, macro-F1, confusion, calibration. */

export interface BinaryScores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  n: number;
}

export function binaryScores(
  predicted: readonly boolean[],
  actual: readonly boolean[],
): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  predicted.forEach((p, i) => {
    const a = actual[i] ?? false;
    if (p && a) tp += 1;
    if (p && !a) fp += 1;
    if (!p && a) fn += 1;
    if (p === a) correct += 1;
  });
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    accuracy: predicted.length ? correct / predicted.length : 1,
    n: predicted.length,
  };
}

export function macroF1(
  predicted: readonly string[],
  actual: readonly string[],
  classes: readonly string[],
) {
  const perClass = classes.map((cls) =>
    binaryScores(
      predicted.map((p) => p === cls),
      actual.map((a) => a === cls),
    ),
  );
  const present = classes.filter((cls) => actual.includes(cls));
  const f1s = perClass.filter((_, i) => present.includes(classes[i] ?? ''));
  return {
    macroF1: f1s.length ? f1s.reduce((s, c) => s + c.f1, 0) / f1s.length : 0,
    accuracy: predicted.length
      ? predicted.filter((p, i) => p === actual[i]).length / predicted.length
      : 0,
    perClass: classes.map((cls, i) => ({ cls, ...(perClass[i] as BinaryScores) })),
  };
}

export function confusion(
  predicted: readonly string[],
  actual: readonly string[],
  classes: readonly string[],
): number[][] {
  const matrix = classes.map(() => classes.map(() => 0));
  predicted.forEach((p, i) => {
    const row = classes.indexOf(actual[i] ?? '');
    const col = classes.indexOf(p);
    if (row >= 0 && col >= 0)
      (matrix[row] as number[])[col] = ((matrix[row] as number[])[col] ?? 0) + 1;
  });
  return matrix;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  positiveRate: number;
}

/** Expected calibration error over equal-width bins of the predicted probability. */
export function calibration(
  probabilities: readonly number[],
  actual: readonly boolean[],
  bins = 10,
) {
  const table: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: 0,
    meanConfidence: 0,
    positiveRate: 0,
  }));
  probabilities.forEach((p, i) => {
    const bin = table[Math.min(bins - 1, Math.floor(p * bins))] as ReliabilityBin;
    bin.count += 1;
    bin.meanConfidence += p;
    bin.positiveRate += actual[i] ? 1 : 0;
  });
  let ece = 0;
  for (const bin of table) {
    if (bin.count === 0) continue;
    bin.meanConfidence /= bin.count;
    bin.positiveRate /= bin.count;
    ece += (bin.count / probabilities.length) * Math.abs(bin.meanConfidence - bin.positiveRate);
  }
  return { ece, table };
}
