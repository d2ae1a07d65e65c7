/**
 * The examples an organisation's detection adjustment is fitted on, and their weights: its users'
 * verdicts and, when the verdicts go (almost) one way, its own meetings nobody judged.
 *
 * Users mostly judge what looks wrong to them. An organisation whose model keeps flagging its
 * vendor's syncs rejects thirty of them and confirms nothing, because its true sales meetings are
 * already right; from those thirty alone a model can only learn that rejections happen, and
 * without a bias it would learn it as "whatever the rejected events share (an outside guest, a
 * video link) is less salesy", which is every sales meeting too. The meetings the model detected
 * and nobody rejected are what the users let stand: the model was right about them. Each says so
 * in two ways: as a sales meeting scored from the base model's score (which weighs when the model
 * was unsure of it, and pulls it up), and, with ANCHOR_SHARE of its weight, as an anchor (a pair
 * of examples scored from zero, one of each label, which the fit satisfies best by moving that
 * meeting by nothing, however sure the model was). Together they weigh as much as the verdicts,
 * so that what the two share stays put and what sets the rejected apart is learnt. Each meeting
 * weighs at most WEAK_WEIGHT of a verdict: letting a meeting stand is a weaker word than judging
 * it (it may not have been looked at). Symmetrically, confirmations alone are set against the
 * meetings with someone from outside that the model passed over and nobody confirmed.
 *
 * One-sided verdicts are scored from zero, not from the base model's scores: a rejection of a
 * meeting the base model is 99% sure of would otherwise pull (log-loss 4.6) until it is near the
 * threshold, and the meetings let stand, as sure, hardly pull back. Measured on ruta-logistica's
 * training split only (a user rejecting one detection in four, scored on its later training
 * events; base models trained without it): with every example scored from the base model's
 * scores, its sales meetings were moved by -3.7 (10 rejections) and -5.2 (25) log-odds on average
 * before the cap; with the verdicts scored from zero, by -1.1 and -1.7; with the anchors too, as
 * here, by -0.7 and -1.1. When the rejections were of the made-up kinds of
 * models/rejected-kinds.ts, as many of those were fixed in each case (28 of 33). Balanced verdicts
 * keep the base scores (adapt.ts).
 */
import type { Features } from './features.js';

/** What the adaptation needs to know of a verdict here. */
export interface Verdict {
  detection: Features;
  isSalesMeeting: boolean;
}

/**
 * The organisation's own events nobody gave a verdict on, as detection decided them, each list
 * latest first (only its first MAX_WEAK_EXAMPLES are read).
 */
export interface Unjudged {
  /** Detected as sales meetings and not rejected, among those users have been through. */
  accepted: readonly Features[];
  /** Not detected, with someone from outside, and not confirmed, among the same. */
  passedOver: readonly Features[];
}

export const NO_UNJUDGED: Unjudged = { accepted: [], passedOver: [] };

/**
 * Detection is adapted from this many verdicts on (weak examples do not count toward it). Below it
 * the adjustment is empty: a few verdicts on a few meetings are what the user said about those
 * meetings, not evidence about the organisation's vocabulary. Ten is where the learning curve in
 * EVALUATION.md starts.
 */
export const MIN_DETECTION_EXAMPLES = 10;

/**
 * Each verdict (confirmed, rejected) at least this often among them, or else the verdicts are set
 * against the organisation's meetings nobody judged (see the header).
 */
export const MIN_EACH_VERDICT = 3;

/**
 * The most one meeting let stand weighs, as a share of a verdict. When an organisation has too few
 * of its own meetings to balance its verdicts at this weight (fewer than twice as many), there is no
 * adjustment: a lighter side would let every shared feature be pushed the verdicts' way, which is
 * what the balance is there to prevent. A half was set, not tuned: a verdict is certain, a meeting
 * let stand may not have been looked at.
 */
export const WEAK_WEIGHT = 0.5;

/**
 * The most meetings let stand an adaptation reads (the latest ones): enough to balance two hundred
 * verdicts at WEAK_WEIGHT, few enough that fitting them stays a matter of seconds.
 */
export const MAX_WEAK_EXAMPLES = 500;

/**
 * Meetings let stand are read from at least this many days (a quarter) before the latest meeting
 * judged, and from the earliest one judged when that is earlier (see letStandSpan).
 */
export const LOOKBACK_DAYS = 90;

/**
 * The share of a meeting let stand's weight that anchors it. Chosen on ruta-logistica's training
 * split and the tests' made-up organisation, not on held-out events: on the first, a quarter to
 * all of it moved the sales meetings by within 0.15 log-odds of each other; on the second, where
 * every rejected call was a "demo" of the organisation's own project, a half took prospects'
 * demos near the threshold below it (0.58 to 0.47) and a quarter kept them (0.55).
 */
export const ANCHOR_SHARE = 0.25;

export interface WeightedExamples {
  features: Features[];
  /** 1: a sales meeting, 0: not. */
  labels: number[];
  /** Each side (confirmed, not; or verdicts, meetings let stand) weighs half of the whole. */
  weights: number[];
  /** Verdicts among them (the prior's N). */
  verdicts: number;
  /** Whether each example is scored from the base model's score or from zero (see the header). */
  fromBaseScore: boolean[];
}

/** Which weak examples the feedback would be completed with, if any (what to read for it). */
export function weakExamplesWanted(feedback: readonly Verdict[]): {
  accepted: boolean;
  passedOver: boolean;
} {
  const { confirmed, rejected } = countVerdicts(feedback);
  const enough = feedback.length >= MIN_DETECTION_EXAMPLES;
  return {
    accepted: enough && confirmed < MIN_EACH_VERDICT,
    passedOver: enough && rejected < MIN_EACH_VERDICT,
  };
}

/**
 * The weighted examples detection is adapted on, or null when there is not enough to adapt: fewer
 * than MIN_DETECTION_EXAMPLES verdicts, or one-sided verdicts without enough of the organisation's
 * meetings to anchor them (see WEAK_WEIGHT).
 */
export function detectionExamples(
  feedback: readonly Verdict[],
  unjudged: Unjudged = NO_UNJUDGED,
): WeightedExamples | null {
  if (feedback.length < MIN_DETECTION_EXAMPLES) return null;
  const { confirmed, rejected } = countVerdicts(feedback);
  const features = feedback.map((f) => f.detection);
  const labels = feedback.map((f) => (f.isSalesMeeting ? 1 : 0));
  const half = feedback.length / 2;
  if (confirmed >= MIN_EACH_VERDICT && rejected >= MIN_EACH_VERDICT)
    return {
      features,
      labels,
      weights: feedback.map((f) => (f.isSalesMeeting ? half / confirmed : half / rejected)),
      verdicts: feedback.length,
      fromBaseScore: feedback.map(() => true),
    };
  const short = confirmed < MIN_EACH_VERDICT;
  const letStand = (short ? unjudged.accepted : unjudged.passedOver).slice(0, MAX_WEAK_EXAMPLES);
  // The verdicts (whichever way each went) weigh half, the meetings let stand the other half.
  const perVerdict = half / feedback.length;
  const perMeeting = half / letStand.length;
  if (letStand.length === 0 || perMeeting > WEAK_WEIGHT * perVerdict) return null;
  const each = <T>(value: T) => letStand.map(() => value);
  return {
    features: [...features, ...letStand, ...letStand, ...letStand],
    labels: [...labels, ...each(1), ...each(0), ...each(short ? 1 : 0)],
    weights: [
      ...feedback.map(() => perVerdict),
      ...each((perMeeting * ANCHOR_SHARE) / 2),
      ...each((perMeeting * ANCHOR_SHARE) / 2),
      ...each(perMeeting * (1 - ANCHOR_SHARE)),
    ],
    verdicts: feedback.length,
    fromBaseScore: [...feedback.map(() => false), ...each(false), ...each(false), ...each(true)],
  };
}

/** A meeting judged: when it took place and when the word on it was given. */
export interface JudgedMeeting {
  start: string;
  end: string;
  judgedAt: string;
}

/**
 * Where the meetings let stand are read from: those over by the latest meeting judged (or by the
 * latest word, if that came first: a word on a meeting still to come says nothing of those between
 * now and then), back to the earliest meeting judged or LOOKBACK_DAYS, whichever is earlier. The
 * users had the chance to judge these, over the time their verdicts cover. Null without verdicts.
 */
export function letStandSpan(
  judged: readonly JudgedMeeting[],
): { from: string; to: string } | null {
  if (judged.length === 0) return null;
  const latest = (values: number[]) => Math.max(...values);
  const to = Math.min(
    latest(judged.map((j) => Date.parse(j.end))),
    latest(judged.map((j) => Date.parse(j.judgedAt))),
  );
  const earliest = Math.min(...judged.map((j) => Date.parse(j.start)));
  const from = Math.min(earliest, to - LOOKBACK_DAYS * 86_400_000);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function countVerdicts(feedback: readonly Verdict[]): { confirmed: number; rejected: number } {
  const confirmed = feedback.filter((f) => f.isSalesMeeting).length;
  return { confirmed, rejected: feedback.length - confirmed };
}
