/**
 * `npm run train`: fits the meeting models on the corpus's training split and writes
 * models/meeting-models.json. Reproducible: the corpus in file order, deterministic folds and
 * optimiser, rounded weights. The held-out split is never read here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEETING_TYPES, type MeetingModels } from '../src/domain/detection/analyse.js';
import { extractFeatures, type Features } from '../src/domain/detection/features.js';
import { linearScore } from '../src/domain/detection/linear.js';
import { hash32 } from '../src/domain/detection/text.js';
import { fitPlatt, trainBinary, trainMulticlass } from '../src/domain/detection/train.js';
import { typeFeatures } from '../src/domain/detection/type-features.js';
import { buildCrmIndex } from '../src/domain/matching/crm.js';
import { matchMeeting } from '../src/domain/matching/match-meeting.js';
import { loadCorpus, sparseContext, type CorpusOrganisation } from './corpus.js';
import { HistoryTracker } from './history.js';

export const MODEL_FILE = join(import.meta.dirname, 'meeting-models.json');
const FOLDS = 5;

interface Example {
  /** The same event with the full and the sparse CRM: kept in one fold. */
  group: number;
  detection: Features;
  type: Features | null;
  isSales: boolean;
  typeIndex: number;
}

/** Features of every training event, with the full CRM and again with accounts only. */
export function trainingExamples(corpus: readonly CorpusOrganisation[]): Example[] {
  const examples: Example[] = [];
  for (const org of corpus) {
    for (const context of [org.context, sparseContext(org.context)]) {
      const index = buildCrmIndex(context);
      const history = new HistoryTracker();
      for (const { input, label } of org.events) {
        const match = matchMeeting(input, index);
        const detection = extractFeatures(input, match, index);
        const past = history.next(match.accountId, input.start, label.isSalesMeeting);
        if (label.split !== 'train') continue;
        examples.push({
          group: hash32(`${org.name}/${input.id}`),
          detection,
          type: label.isSalesMeeting ? typeFeatures(detection, match, index, past) : null,
          isSales: label.isSalesMeeting,
          typeIndex: MEETING_TYPES.indexOf(label.meetingType ?? 'other'),
        });
      }
    }
  }
  return examples;
}

export function train(examples: readonly Example[]): MeetingModels {
  const features = examples.map((e) => e.detection);
  const labels = examples.map((e) => (e.isSales ? 1 : 0));
  // Calibration is fitted on scores each event got from a model that did not see it.
  const outOfFold: number[] = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const trainIdx = examples.map((_, i) => i).filter((i) => foldOf(examples[i]) !== fold);
    const weights = trainBinary(
      trainIdx.map((i) => features[i] as Features),
      trainIdx.map((i) => labels[i] ?? 0),
    );
    examples.forEach((_, i) => {
      if (foldOf(examples[i]) === fold)
        outOfFold[i] = linearScore(features[i] as Features, weights);
    });
  }
  const calibration = fitPlatt(outOfFold, labels);
  const detection = trainBinary(features, labels);
  const sales = examples.filter((e) => e.isSales && e.type);
  const types = trainMulticlass(
    sales.map((e) => e.type as Features),
    sales.map((e) => e.typeIndex),
    MEETING_TYPES.length,
  );
  return {
    version: `corpus-${examples.length}`,
    detection: {
      weights: detection,
      calibration: { a: round(calibration.a), b: round(calibration.b) },
      threshold: 0.5,
    },
    types: { classes: [...MEETING_TYPES], weights: types },
  };
}

function foldOf(example: Example | undefined): number {
  return (example?.group ?? 0) % FOLDS;
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

if (process.argv[1] === import.meta.filename) {
  const started = performance.now();
  const corpus = loadCorpus();
  const examples = trainingExamples(corpus);
  const models = train(examples);
  writeFileSync(MODEL_FILE, `${JSON.stringify(models)}\n`);
  const named = Object.keys(models.detection.weights.named).length;
  const hashed = Object.keys(models.detection.weights.hashed).length;
  process.stdout.write(
    `trained on ${examples.length} examples (${corpus.length} organisations, full and sparse CRM) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${named} named and ${hashed} hashed detection weights -> ${MODEL_FILE}\n`,
  );
}
