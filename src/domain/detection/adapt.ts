/**
 * Learning from an organisation's feedback: an adjustment to the base models, fitted on the
 * events its users confirmed, rejected or re-typed, on top of the base models' own scores. Strong
 * regularisation keeps a handful of corrections from overturning what the base model knows; the
 * more corrections, the more the organisation's own vocabulary counts.
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

const OPTIONS = { epochs: 200, learningRate: 0.05, l2Named: 0.02, l2Hashed: 0.02 };

export function adaptToOrganisation(
  models: MeetingModels,
  feedback: readonly FeedbackExample[],
): OrganisationAdjustment {
  return { detection: adaptDetection(models, feedback), types: adaptTypes(models, feedback) };
}

function adaptDetection(
  models: MeetingModels,
  feedback: readonly FeedbackExample[],
): LinearWeights {
  if (feedback.length === 0) return emptyWeights();
  const { a, b } = models.detection.calibration;
  // Fitted in the calibrated space (where the base gives a * score + b); the analyser adds the
  // adjustment before calibration, hence the division by a below.
  const offsets = feedback.map((f) => a * linearScore(f.detection, models.detection.weights) + b);
  const fitted = trainBinary(
    feedback.map((f) => f.detection),
    feedback.map((f) => (f.isSalesMeeting ? 1 : 0)),
    { ...OPTIONS, offsets },
  );
  return scale(fitted, a === 0 ? 1 : 1 / a);
}

function adaptTypes(models: MeetingModels, feedback: readonly FeedbackExample[]): LinearWeights[] {
  const typed = feedback.filter((f) => f.isSalesMeeting && f.type && f.meetingType);
  if (typed.length === 0) return models.types.weights.map(() => emptyWeights());
  const offsets = typed.map((f) =>
    models.types.weights.map((w) => linearScore(f.type as Features, w)),
  );
  return trainMulticlass(
    typed.map((f) => f.type as Features),
    typed.map((f) => MEETING_TYPES.indexOf(f.meetingType ?? 'other')),
    MEETING_TYPES.length,
    { ...OPTIONS, offsets },
  );
}

function scale(weights: LinearWeights, factor: number): LinearWeights {
  const times = (record: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, Math.round(v * factor * 1e5) / 1e5]),
    );
  return { named: times(weights.named), hashed: times(weights.hashed) };
}
