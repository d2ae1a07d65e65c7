/**
 * Learning from an organisation's feedback: an adjustment to the base models, fitted on the
 * events its users confirmed, rejected or re-typed, on top of the base models' own scores.
 *
 * The adjustment moves the organisation's other events only as far as its feedback supports. A
 * verdict on one meeting is applied to that meeting (and its series) by the meetings service at
 * once; what it teaches about other meetings waits for evidence:
 * - below a minimum number of examples (and without both verdicts, or without two types) there is
 *   no adjustment at all;
 * - the L2 penalty is a prior of fixed strength (PRIOR_STRENGTH / N for the mean loss), so the
 *   adjustment shrinks toward zero when the examples are few and loosens as they add up;
 * - the bias is never fitted, nor the types' biases: feedback is given on the meetings users were
 *   shown and chose to judge, so how many verdicts went each way says nothing about how common
 *   sales meetings (or a type) are in the organisation's calendars. The two verdicts are weighted
 *   equally for the same reason, so that a feature every judged event shares (a video link, an
 *   hour's length) is not pushed the way most verdicts went;
 * - the analyser never lets the adjustment move an event's score further than `maxShift`, whatever
 *   its weights add up to: a confident base prediction stays on its side of the threshold.
 */
import type { MeetingModels, MeetingType, OrganisationAdjustment } from './analyse.js';
import { MEETING_TYPES } from './analyse.js';
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

/**
 * Detection is adapted from this many examples on. Below it the adjustment is empty: a few
 * verdicts on a few meetings are what the user said about those meetings, not evidence about the
 * organisation's vocabulary, and a model fitted on them pushes every feature they share (and the
 * events that have them) the same way. Ten is where the learning curve in EVALUATION.md starts.
 */
export const MIN_DETECTION_EXAMPLES = 10;

/**
 * And each verdict (confirmed, rejected) at least this often among them: from one-sided feedback
 * a model cannot tell what sets the rejected events apart from the organisation's other meetings,
 * only that rejections happened.
 */
export const MIN_EACH_VERDICT = 3;

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

export function adaptToOrganisation(
  models: MeetingModels,
  feedback: readonly FeedbackExample[],
): OrganisationAdjustment {
  const { a } = models.detection.calibration;
  return {
    detection: adaptDetection(models, feedback),
    types: adaptTypes(models, feedback),
    maxShift: {
      // The analyser adds the detection adjustment before calibration (a * score + b); rounded
      // down, so that the cap holds exactly.
      detection: Math.floor((MAX_DETECTION_SHIFT / Math.abs(a || 1)) * 1e5) / 1e5,
      types: MAX_TYPE_SHIFT,
    },
  };
}

/** Whether the feedback is enough to adapt detection (see MIN_DETECTION_EXAMPLES). */
export function enoughForDetection(feedback: readonly FeedbackExample[]): boolean {
  const confirmed = feedback.filter((f) => f.isSalesMeeting).length;
  const rejected = feedback.length - confirmed;
  return (
    feedback.length >= MIN_DETECTION_EXAMPLES &&
    confirmed >= MIN_EACH_VERDICT &&
    rejected >= MIN_EACH_VERDICT
  );
}

/** Whether the feedback is enough to adapt the types (see MIN_TYPE_EXAMPLES). */
export function enoughForTypes(feedback: readonly FeedbackExample[]): boolean {
  const typed = typedExamples(feedback);
  return (
    typed.length >= MIN_TYPE_EXAMPLES &&
    new Set(typed.map((f) => f.meetingType)).size >= MIN_DISTINCT_TYPES
  );
}

function adaptDetection(
  models: MeetingModels,
  feedback: readonly FeedbackExample[],
): LinearWeights {
  if (!enoughForDetection(feedback)) return emptyWeights();
  const { a, b } = models.detection.calibration;
  // Fitted in the calibrated space (where the base gives a * score + b); the analyser adds the
  // adjustment before calibration, hence the division by a below.
  const offsets = feedback.map((f) => a * linearScore(f.detection, models.detection.weights) + b);
  const confirmed = feedback.filter((f) => f.isSalesMeeting).length;
  const rejected = feedback.length - confirmed;
  const fitted = trainBinary(
    feedback.map((f) => withoutBias(f.detection)),
    feedback.map((f) => (f.isSalesMeeting ? 1 : 0)),
    {
      ...OPTIONS,
      ...prior(feedback.length),
      offsets,
      // Each verdict weighs half of the whole, however many examples it has.
      exampleWeights: feedback.map((f) =>
        f.isSalesMeeting ? feedback.length / (2 * confirmed) : feedback.length / (2 * rejected),
      ),
    },
  );
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
