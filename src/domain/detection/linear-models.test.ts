import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusMeetings } from '../../../test/support/corpus-meetings.js';
import type { MeetingModels } from './analyse.js';
import { HASH_BUCKETS, type Features } from './features.js';
import { LinearModels } from './linear-models.js';
import { linearScore } from './linear.js';
import { typeFeatures } from './type-features.js';

const ROOT = join(import.meta.dirname, '../../..');
const MODELS = JSON.parse(
  readFileSync(join(ROOT, 'models/meeting-models.json'), 'utf8'),
) as MeetingModels;

/** The type features of every corpus event, with and without an account history. */
function corpusTypeFeatures(): Features[] {
  const out: Features[] = [];
  for (const { match, index, base } of corpusMeetings()) {
    out.push(base, typeFeatures(base, match, index, undefined));
    out.push(typeFeatures(base, match, index, { earlierMeetings: 3, daysSinceFirst: 40 }));
  }
  return out;
}

function expectSameScores(models: LinearModels, features: Features): void {
  const scores = models.scores(features);
  MODELS.types.weights.forEach((weights, k) => {
    // Object.is: the same number to the bit, NaN included, +0 and -0 told apart.
    expect(Object.is(scores[k], linearScore(features, weights))).toBe(true);
  });
}

describe('LinearModels', () => {
  const models = new LinearModels(MODELS.types.weights);

  it('scores each type model as linearScore does, to the bit, over the corpus', () => {
    const all = corpusTypeFeatures();
    expect(all.length).toBeGreaterThan(2000);
    for (const features of all) expectSameScores(models, features);
  });

  it('adds what linearScore adds for unknown names, odd values and buckets outside the table', () => {
    const named = (entries: [string, number][]) => new Map(entries);
    const cases: Features[] = [
      { named: named([]), hashed: [], titleConcepts: new Set(), descriptionConcepts: new Set() },
      {
        named: named([
          ['bias', 1],
          ['no such feature', 3],
          ['externals', -0.5],
          ['stage:demo', 1],
        ]),
        hashed: [0, HASH_BUCKETS - 1, 17, 17],
        titleConcepts: new Set(),
        descriptionConcepts: new Set(),
      },
      {
        named: named([
          ['bias', 1],
          ['no such feature', Number.NaN],
        ]),
        hashed: [5],
        titleConcepts: new Set(),
        descriptionConcepts: new Set(),
      },
      {
        named: named([['no such feature', Number.POSITIVE_INFINITY]]),
        hashed: [],
        titleConcepts: new Set(),
        descriptionConcepts: new Set(),
      },
      {
        named: named([['bias', 1]]),
        hashed: [HASH_BUCKETS, -1, 2.5, 3],
        titleConcepts: new Set(),
        descriptionConcepts: new Set(),
      },
    ];
    const holey = [3, 4, 5];
    delete holey[1];
    cases.push({
      named: named([['bias', 1]]),
      hashed: holey,
      titleConcepts: new Set(),
      descriptionConcepts: new Set(),
    });
    for (const features of cases) expectSameScores(models, features);
  });
});
