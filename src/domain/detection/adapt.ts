/**
 * Learning from an organisation's feedback: an adjustment to the base models, fitted on the
 * events its users confirmed, rejected or re-typed, on top of the base models' own scores.
 *
 * The adjustment moves the organisation's other events only as far as its feedback supports. A
 * verdict on one meeting is applied to that meeting (and its series) by the meetings service at
 * once; what it teaches about other meetings waits for evidence:
 * - below a minimum number of verdicts (and, for the types, without two types) there is no
 *   adjustment at all;
 * - verdicts that go (almost) one way are set against the organisation's own meetings nobody
 *   judged, which are held where the model has them (adapt-examples.ts), so that what sets the
 *   judged events apart is learnt rather than "every meeting like these is less (or more) salesy";
 * - the L2 penalty is a prior of fixed strength (PRIOR_STRENGTH / N for the mean loss, N the
 *   verdicts), so the adjustment shrinks toward zero when they are few and loosens as they add up;
 * - the bias is never fitted, nor the types' biases: feedback is given on the meetings users were
 *   shown and chose to judge, so how many verdicts went each way says nothing about how common
 *   sales meetings (or a type) are in the organisation's calendars. The two sides are weighted
 *   equally for the same reason, so that a feature every judged event shares (a video link, an
 *   hour's length) is not pushed the way most verdicts went;
 * - the analyser never lets the adjustment move an event's score further than `maxShift`, whatever
 *   its weights add up to: a confident base prediction stays on its side of the threshold.
 */
import type { MeetingModels, MeetingType, OrganisationAdjustment } from './analyse.js';
import { MEETING_TYPES } from './analyse.js';
import {
  detectionExamples,
  NO_UNJUDGED,
  type Unjudged,
  type WeightedExamples,
} from './adapt-examples.js';
import type { Features } from './features.js';
import { emptyWeights, linearScore, type LinearWeights } from './linear.js';
import { trainBinary, trainMulticlass } from './train.js';

export interface FeedbackExample {
  /** Detection features of the event (extractFeatures). */
  detection: Features;
  /** Type features (typeFeatures), for a confirmed sales meeting. */
  type: Features | null;
  isSalesMeeting: boolean;
  meetingType: MeetingType | null;
}

export {
  ANCHOR_SHARE,
  LOOKBACK_DAYS,
  letStandSpan,
  MAX_WEAK_EXAMPLES,
  MIN_DETECTION_EXAMPLES,
  MIN_EACH_VERDICT,
  NO_UNJUDGED,
  WEAK_WEIGHT,
  weakExamplesWanted,
  type JudgedMeeting,
  type Unjudged,
} from './adapt-examples.js';

/**
 * The type models are adapted from this many confirmations with a type given by the user, of at
 * least MIN_DISTINCT_TYPES types: a handful of corrections to one type would otherwise make that
 * type likelier for every meeting.
 */
export const MIN_TYPE_EXAMPLES = 10;
export const MIN_DISTINCT_TYPES = 2;

/**
 * The prior's strength: the L2 penalty on the mean loss is PRIOR_STRENGTH / N (a Gaussian prior
 * centred on no adjustment, of fixed weight against the summed loss of the N examples), so ten
 * examples are held five times as tightly as fifty. Chosen on the training split only (feedback
 * on each organisation's first N training events, scored on its training events after the first
 * 100, base models trained without it): strengths from 0.5 to 2 were within three events of each
 * other; at 1 the penalty at N = 50 is the 0.02 every N had before.
 */
export const PRIOR_STRENGTH = 1;

/**
 * The most the adjustment may move an event's calibrated detection log-odds (1.5: a meeting the
 * base model gives 0.82 or more stays a meeting, 0.18 or less stays out, whatever the feedback).
 */
export const MAX_DETECTION_SHIFT = 1.5;

/** The most the adjustment may move each type's score (so their differences by twice this). */
export const MAX_TYPE_SHIFT = 1;

const OPTIONS = { epochs: 200, learningRate: 0.05 };

/**
 * The organisation's adjustment from its users' feedback (the last word per user and meeting) and,
 * for one-sided feedback, its meetings nobody judged (see adapt-examples.ts).
 */
export function adaptToOrganisation(
  models: MeetingModels,
  feedback: readonly FeedbackExample[],
  unjudged: Unjudged = NO_UNJUDGED,
): OrganisationAdjustment {
  const { a } = models.detection.calibration;
  const examples = detectionExamples(feedback, unjudged);
  return {
    detection: examples ? adaptDetection(models, examples) : emptyWeights(),
    types: adaptTypes(models, feedback),
    maxShift: {
      // The analyser adds the detection adjustment before calibration (a * score + b); rounded
      // down, so that the cap holds exactly.
      detection: Math.floor((MAX_DETECTION_SHIFT / Math.abs(a || 1)) * 1e5) / 1e5,
      types: MAX_TYPE_SHIFT,
    },
  };
}

/** Whether the feedback is enough to adapt the types (see MIN_TYPE_EXAMPLES). */
export function enoughForTypes(feedback: readonly FeedbackExample[]): boolean {
  const typed = typedExamples(feedback);
  return (
    typed.length >= MIN_TYPE_EXAMPLES &&
    new Set(typed.map((f) => f.meetingType)).size >= MIN_DISTINCT_TYPES
  );
}

function adaptDetection(models: MeetingModels, examples: WeightedExamples): LinearWeights {
  const { a, b } = models.detection.calibration;
  // Fitted in the calibrated space (where the base gives a * score + b); the analyser adds the
  // adjustment before calibration, hence the division by a below. Some examples of one-sided
  // verdicts are scored from zero instead (adapt-examples.ts).
  const offsets = examples.features.map((f, i) =>
    examples.fromBaseScore[i] ? a * linearScore(f, models.detection.weights) + b : 0,
  );
  const fitted = trainBinary(examples.features.map(withoutBias), examples.labels, {
    ...OPTIONS,
    ...prior(examples.verdicts),
    offsets,
    exampleWeights: examples.weights,
  });
  return scale(fitted, a === 0 ? 1 : 1 / a);
}

function adaptTypes(models: MeetingModels, feedback: readonly FeedbackExample[]): LinearWeights[] {
  if (!enoughForTypes(feedback)) return models.types.weights.map(() => emptyWeights());
  const typed = typedExamples(feedback);
  const offsets = typed.map((f) => models.types.weights.map((w) => linearScore(f.type, w)));
  return trainMulticlass(
    typed.map((f) => withoutBias(f.type)),
    typed.map((f) => MEETING_TYPES.indexOf(f.meetingType)),
    MEETING_TYPES.length,
    { ...OPTIONS, ...prior(typed.length), offsets },
  );
}

type TypedExample = FeedbackExample & { type: Features; meetingType: MeetingType };

function typedExamples(feedback: readonly FeedbackExample[]): TypedExample[] {
  return feedback.filter(
    (f): f is TypedExample => f.isSalesMeeting && f.type !== null && f.meetingType !== null,
  );
}

/** L2 of the prior on the mean loss over `count` examples. */
function prior(count: number): { l2Named: number; l2Hashed: number } {
  const l2 = PRIOR_STRENGTH / count;
  return { l2Named: l2, l2Hashed: l2 };
}

/** The features without the constant one: feedback teaches no bias (see the header). */
function withoutBias(features: Features): Features {
  if (!features.named.has('bias')) return features;
  const named = new Map(features.named);
  named.delete('bias');
  return { ...features, named };
}

function scale(weights: LinearWeights, factor: number): LinearWeights {
  const times = (record: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, Math.round(v * factor * 1e5) / 1e5]),
    );
  return { named: times(weights.named), hashed: times(weights.hashed) };
}
