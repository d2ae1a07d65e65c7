/**
 * The one-sided part of the evaluation: an organisation whose users only reject. As in
 * learning-curve.ts, the base models are trained without the organisation and scored on its
 * held-out events; the feedback comes from its training events in time order. Its calendars also
 * hold the made-up events of rejected-kinds.ts (a third of them held out), and its users reject the
 * first N of those the base model detects and give no other feedback. The rejections are set
 * against the meetings the base model detected that were over by the N-th rejection and that
 * nobody rejected (one per series, the latest MAX_WEAK_EXAMPLES), as the `adapt_meeting_model`
 * job sets them against the stored meetings nobody judged. Beside it, the worst case: a user who
 * rejects the first N detections whatever they are (true sales meetings, mostly).
 */
import {
  MeetingAnalyser,
  type MeetingAnalysis,
  type MeetingModels,
  type OrganisationAdjustment,
} from '../src/domain/detection/analyse.js';
import {
  adaptToOrganisation,
  letStandSpan,
  MAX_DETECTION_SHIFT,
  MAX_WEAK_EXAMPLES,
  type FeedbackExample,
} from '../src/domain/detection/adapt.js';
import { extractFeatures, type Features } from '../src/domain/detection/features.js';
import { linearScore, sigmoid } from '../src/domain/detection/linear.js';
import type { CorpusOrganisation, LabelledEvent } from './corpus.js';
import { HistoryTracker } from './history.js';
import { binaryScores } from './metrics.js';
import { kindEvents, REJECTED_KINDS } from './rejected-kinds.js';
import { train, trainingExamples } from './train.js';

export interface OneSidedPoint {
  /** Which detections are rejected, in time order (see SCENARIOS). */
  scenario: string;
  rejections: number;
  /** Meetings let stand that the rejections were set against. */
  letStand: number;
  /** Whether an adjustment was fitted at all. */
  adapted: boolean;
  /** Held-out made-up events the base model detects; of those, within the cap's reach; fixed. */
  kindDetected: number;
  kindReachable: number;
  kindFixed: number;
  /**
   * Held-out sales meetings of the corpus the base model detects; of those, within the cap's reach
   * (the only ones the adjustment could lose); lost.
   */
  salesDetected: number;
  salesReachable: number;
  salesLost: number;
  /**
   * How far the adjustment's weights move the calibrated log-odds, before the cap: the held-out
   * made-up events the base model detects (mean), and the corpus' held-out sales meetings (mean
   * and the most any is moved down). Near nothing for the sales meetings is what the balance is
   * for; the cap hides it from the counts above.
   */
  kindShift: number;
  salesShift: number;
  salesWorstShift: number;
  /** On the corpus' held-out events alone (as in the learning curve). */
  accuracy: number;
  f1: number;
}

interface Judged {
  event: LabelledEvent;
  features: Features;
  analysis: MeetingAnalysis;
}

export function oneSidedCurve(
  corpus: readonly CorpusOrganisation[],
  target: string,
  steps: readonly number[] = [1, 3, 10, 25, 50],
): OneSidedPoint[] {
  const org = corpus.find((o) => o.name === target);
  if (!org) throw new Error(`no organisation ${target} in the corpus`);
  const base = train(trainingExamples(corpus.filter((o) => o.name !== target)));
  const withKinds: CorpusOrganisation = {
    ...org,
    events: inTimeOrder([...org.events, ...REJECTED_KINDS.flatMap((k) => kindEvents(k, target))]),
  };
  const madeUp = (event: LabelledEvent) =>
    REJECTED_KINDS.some((k) => k.name === event.label.category);
  const point = (scenario: Scenario, n: number): OneSidedPoint | null => {
    const calendars = scenario.madeUp ? withKinds : org;
    const training = judgeInOrder(calendars, base, 'train');
    const detected = training.filter((j) => j.analysis.isSalesMeeting);
    const rejected = (scenario.madeUp ? detected.filter((j) => madeUp(j.event)) : detected)
      .filter((_, i) => i % scenario.every === 0)
      .slice(0, n);
    const last = rejected.at(-1);
    if (rejected.length < n || !last) return null;
    const accepted = letStand(training, new Set(rejected));
    const adjustment = adaptToOrganisation(base, rejected.map(rejection), {
      accepted,
      passedOver: [],
    });
    return {
      scenario: scenario.name,
      rejections: n,
      letStand: accepted.length,
      adapted: Object.keys(adjustment.detection.named).length > 0,
      ...heldOutOutcome(calendars, base, adjustment, madeUp),
    };
  };
  return SCENARIOS.flatMap((scenario) =>
    steps.filter((n) => n >= scenario.from).map((n) => point(scenario, n)),
  ).filter((p): p is OneSidedPoint => p !== null);
}

interface Scenario {
  name: string;
  /** Rejections of the made-up kinds' detections, or of the corpus' own detections. */
  madeUp: boolean;
  /** One detection in this many is rejected (the others are let stand). */
  every: number;
  /** The smallest N reported. */
  from: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'each detection of the made-up kinds', madeUp: true, every: 1, from: 1 },
  // Users who reject only some, letting the rest stand: weak examples that contradict them.
  { name: 'every other detection of those kinds', madeUp: true, every: 2, from: 10 },
  // The worst case: true sales meetings rejected, no differently from those let stand.
  { name: 'every fourth detection, whatever it is', madeUp: false, every: 4, from: 10 },
];

function inTimeOrder(events: LabelledEvent[]): LabelledEvent[] {
  return events.sort(
    (a, b) => a.input.start.localeCompare(b.input.start) || a.input.id.localeCompare(b.input.id),
  );
}

/** The split's events of the organisation as the base model (or an adjustment) decides them. */
function judgeInOrder(
  org: CorpusOrganisation,
  models: MeetingModels,
  split: 'train' | 'heldout',
  adjustment: OrganisationAdjustment | null = null,
): Judged[] {
  const analyser = new MeetingAnalyser(org.context, models);
  const history = new HistoryTracker();
  const judged: Judged[] = [];
  for (const event of org.events) {
    const preview = analyser.analyse(event.input, { alwaysType: true, adjustment });
    const past = history.next(preview.accountId, event.input.start, preview.isSalesMeeting);
    if (event.label.split !== split) continue;
    const analysis = analyser.analyse(event.input, {
      alwaysType: true,
      adjustment,
      ...(past ? { history: past } : {}),
    });
    const features = extractFeatures(event.input, analysis.match, analyser.index);
    judged.push({ event, features, analysis });
  }
  return judged;
}

/**
 * Detections in the span the rejections cover (letStandSpan; each word given as its meeting
 * ended) that were not rejected, one per series (its latest instance), latest first: what the
 * adaptation job reads from the stored meetings.
 */
function letStand(training: readonly Judged[], rejected: ReadonlySet<Judged>): Features[] {
  const span = letStandSpan(
    [...rejected].map(({ event }) => ({ ...event.input, judgedAt: event.input.end })),
  );
  if (!span) return [];
  const within = (end: number) => end > Date.parse(span.from) && end <= Date.parse(span.to);
  const seen = new Set<string>();
  const accepted: Features[] = [];
  for (const judged of [...training].reverse()) {
    const { input } = judged.event;
    if (!judged.analysis.isSalesMeeting || rejected.has(judged)) continue;
    if (!within(Date.parse(input.end))) continue;
    if (input.seriesId && seen.has(input.seriesId)) continue;
    if (input.seriesId) seen.add(input.seriesId);
    accepted.push(judged.features);
  }
  return accepted.slice(0, MAX_WEAK_EXAMPLES);
}

function rejection(judged: Judged): FeedbackExample {
  return { detection: judged.features, type: null, isSalesMeeting: false, meetingType: null };
}

function heldOutOutcome(
  org: CorpusOrganisation,
  models: MeetingModels,
  adjustment: OrganisationAdjustment,
  madeUp: (event: LabelledEvent) => boolean,
) {
  const before = judgeInOrder(org, models, 'heldout');
  const after = judgeInOrder(org, models, 'heldout', adjustment);
  // The highest base confidence the cap still lets the adjustment take below the threshold.
  const reach = sigmoid(
    Math.log(models.detection.threshold / (1 - models.detection.threshold)) + MAX_DETECTION_SHIFT,
  );
  const pairs = before.map((b, i) => ({ b, a: after[i] as Judged }));
  const kind = pairs.filter(({ b }) => madeUp(b.event) && b.analysis.isSalesMeeting);
  const corpus = pairs.filter(({ b }) => !madeUp(b.event));
  const sales = corpus.filter(({ b }) => b.event.label.isSalesMeeting && b.analysis.isSalesMeeting);
  const scores = binaryScores(
    corpus.map(({ a }) => a.analysis.isSalesMeeting),
    corpus.map(({ b }) => b.event.label.isSalesMeeting),
  );
  const { a } = models.detection.calibration;
  const moved = (judged: Judged) => a * linearScore(judged.features, adjustment.detection);
  const allSales = corpus.filter(({ b }) => b.event.label.isSalesMeeting).map(({ b }) => moved(b));
  return {
    kindShift: mean(kind.map(({ b }) => moved(b))),
    salesShift: mean(allSales),
    salesWorstShift: Math.min(0, ...allSales),
    kindDetected: kind.length,
    kindReachable: kind.filter(({ b }) => b.analysis.confidence < reach).length,
    kindFixed: kind.filter(({ a }) => !a.analysis.isSalesMeeting).length,
    salesDetected: sales.length,
    salesReachable: sales.filter(({ b }) => b.analysis.confidence < reach).length,
    salesLost: sales.filter(({ a }) => !a.analysis.isSalesMeeting).length,
    accuracy: scores.accuracy,
    f1: scores.f1,
  };
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((x, y) => x + y, 0) / values.length : 0;
}
