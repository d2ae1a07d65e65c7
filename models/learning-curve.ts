/**
 * Item 5 of the evaluation: how much an organisation's own feedback helps. The base models are
 * trained without the organisation (its vocabulary is new to them); its users then give feedback
 * on its first N training events in time order (confirming what the model got right, correcting
 * what it got wrong), and the adjusted models are scored on its held-out events. Beside them, the
 * one-sided case: a user rejects the first N training events the base model detected (whatever
 * their labels say), and nothing else; one verdict on one meeting must not move the others.
 */
import {
  MeetingAnalyser,
  type MeetingModels,
  type OrganisationAdjustment,
} from '../src/domain/detection/analyse.js';
import { adaptToOrganisation, type FeedbackExample } from '../src/domain/detection/adapt.js';
import { extractFeatures } from '../src/domain/detection/features.js';
import { typeFeatures } from '../src/domain/detection/type-features.js';
import type { CorpusOrganisation } from './corpus.js';
import { HistoryTracker } from './history.js';
import { binaryScores } from './metrics.js';
import { train, trainingExamples } from './train.js';

export interface CurvePoint {
  /** Events given feedback on. */
  feedback: number;
  /** How they were chosen: none, the first N in time order, or only rejections of detections. */
  kind: 'none' | 'in order' | 'one-sided';
  /** Of those, the ones where the model was wrong (by the user's verdict). */
  corrections: number;
  detectionAccuracy: number;
  detectionF1: number;
  typeAccuracy: number;
}

export function learningCurve(
  corpus: readonly CorpusOrganisation[],
  target: string,
  steps: readonly number[] = [0, 10, 25, 50, 100],
  oneSidedSteps: readonly number[] = [1, 3],
): CurvePoint[] {
  const org = corpus.find((o) => o.name === target);
  if (!org) throw new Error(`no organisation ${target} in the corpus`);
  const base = train(trainingExamples(corpus.filter((o) => o.name !== target)));
  const feedback = feedbackInOrder(org, base);
  const rejections = feedback
    .filter((f) => f.detected)
    .map((f) => ({
      example: { ...f.example, isSalesMeeting: false, type: null, meetingType: null },
      correction: true,
    }));
  const point = (
    kind: CurvePoint['kind'],
    given: readonly { example: FeedbackExample; correction: boolean }[],
  ): CurvePoint => ({
    feedback: given.length,
    kind,
    corrections: given.filter((f) => f.correction).length,
    ...score(
      org,
      base,
      given.length === 0
        ? null
        : adaptToOrganisation(
            base,
            given.map((f) => f.example),
          ),
    ),
  });
  const inOrder = steps.map((n) => point(n === 0 ? 'none' : 'in order', feedback.slice(0, n)));
  const oneSided = oneSidedSteps.map((n) => point('one-sided', rejections.slice(0, n)));
  return [
    ...inOrder.filter((p) => p.kind === 'none'),
    ...oneSided,
    ...inOrder.filter((p) => p.kind !== 'none'),
  ];
}

/**
 * Feedback on the training events in time order; `correction` when the model was wrong,
 * `detected` when the base model called it a sales meeting.
 */
function feedbackInOrder(
  org: CorpusOrganisation,
  models: MeetingModels,
): { example: FeedbackExample; correction: boolean; detected: boolean }[] {
  const analyser = new MeetingAnalyser(org.context, models);
  const history = new HistoryTracker();
  const feedback: { example: FeedbackExample; correction: boolean; detected: boolean }[] = [];
  for (const { input, label } of org.events) {
    const preview = analyser.analyse(input, { alwaysType: true });
    const past = history.next(preview.accountId, input.start, preview.isSalesMeeting);
    if (label.split !== 'train') continue;
    const result = analyser.analyse(input, {
      alwaysType: true,
      ...(past ? { history: past } : {}),
    });
    const wrongDetection = result.isSalesMeeting !== label.isSalesMeeting;
    const wrongType = label.isSalesMeeting && result.meetingType !== label.meetingType;
    const detection = extractFeatures(input, result.match, analyser.index);
    feedback.push({
      example: {
        detection,
        type: label.isSalesMeeting
          ? typeFeatures(detection, result.match, analyser.index, past)
          : null,
        isSalesMeeting: label.isSalesMeeting,
        meetingType: label.meetingType,
      },
      correction: wrongDetection || wrongType,
      detected: result.isSalesMeeting,
    });
  }
  return feedback;
}

function score(
  org: CorpusOrganisation,
  models: MeetingModels,
  adjustment: OrganisationAdjustment | null,
): Omit<CurvePoint, 'corrections' | 'feedback' | 'kind'> {
  const analyser = new MeetingAnalyser(org.context, models);
  const history = new HistoryTracker();
  const predicted: boolean[] = [];
  const actual: boolean[] = [];
  let typed = 0;
  let typedRight = 0;
  for (const { input, label } of org.events) {
    const preview = analyser.analyse(input, { alwaysType: true, adjustment });
    const past = history.next(preview.accountId, input.start, preview.isSalesMeeting);
    if (label.split !== 'heldout') continue;
    const result = analyser.analyse(input, {
      alwaysType: true,
      adjustment,
      ...(past ? { history: past } : {}),
    });
    predicted.push(result.isSalesMeeting);
    actual.push(label.isSalesMeeting);
    if (label.isSalesMeeting) {
      typed += 1;
      if (result.meetingType === label.meetingType) typedRight += 1;
    }
  }
  const detection = binaryScores(predicted, actual);
  return {
    detectionAccuracy: detection.accuracy,
    detectionF1: detection.f1,
    typeAccuracy: typed ? typedRight / typed : 0,
  };
}
