/**
 * Item 5 of the evaluation: how much an organisation's own feedback helps. The base models are
 * trained without the organisation (its vocabulary is new to them); its users then give feedback
 * on its first N training events in time order (confirming what the model got right, correcting
 * what it got wrong), and the adjusted models are scored on its held-out events.
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
  /** Of those, the ones where the model was wrong. */
  corrections: number;
  detectionAccuracy: number;
  detectionF1: number;
  typeAccuracy: number;
}

export function learningCurve(
  corpus: readonly CorpusOrganisation[],
  target: string,
  steps: readonly number[] = [0, 10, 25, 50, 100],
): CurvePoint[] {
  const org = corpus.find((o) => o.name === target);
  if (!org) throw new Error(`no organisation ${target} in the corpus`);
  const base = train(trainingExamples(corpus.filter((o) => o.name !== target)));
  const feedback = feedbackInOrder(org, base);
  return steps.map((n) => {
    const given = feedback.slice(0, n);
    const adjustment =
      n === 0
        ? null
        : adaptToOrganisation(
            base,
            given.map((f) => f.example),
          );
    return {
      feedback: given.length,
      corrections: given.filter((f) => f.correction).length,
      ...score(org, base, adjustment),
    };
  });
}

/** Feedback on the training events in time order; `correction` when the model was wrong. */
function feedbackInOrder(
  org: CorpusOrganisation,
  models: MeetingModels,
): { example: FeedbackExample; correction: boolean }[] {
  const analyser = new MeetingAnalyser(org.context, models);
  const history = new HistoryTracker();
  const feedback: { example: FeedbackExample; correction: boolean }[] = [];
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
    });
  }
  return feedback;
}

function score(
  org: CorpusOrganisation,
  models: MeetingModels,
  adjustment: OrganisationAdjustment | null,
): Omit<CurvePoint, 'corrections' | 'feedback'> {
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
