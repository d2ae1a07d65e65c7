import { describe, expect, it } from 'vitest';
import {
  detectionExamples,
  letStandSpan,
  LOOKBACK_DAYS,
  MAX_WEAK_EXAMPLES,
  MIN_DETECTION_EXAMPLES,
  WEAK_WEIGHT,
  weakExamplesWanted,
  type Verdict,
  type WeightedExamples,
} from './adapt-examples.js';
import type { Features } from './features.js';

const features = (name: string): Features => ({
  named: new Map([[name, 1]]),
  hashed: [],
  titleConcepts: new Set(),
  descriptionConcepts: new Set(),
});
const verdicts = (confirmed: number, rejected: number): Verdict[] => [
  ...Array.from({ length: confirmed }, (_, i) => ({
    detection: features(`confirmed-${i}`),
    isSalesMeeting: true,
  })),
  ...Array.from({ length: rejected }, (_, i) => ({
    detection: features(`rejected-${i}`),
    isSalesMeeting: false,
  })),
];
const weak = (count: number, name: string) =>
  Array.from({ length: count }, (_, i) => features(`${name}-${i}`));
const sideWeight = (examples: WeightedExamples, label: number) =>
  examples.weights.reduce((sum, w, i) => sum + (examples.labels[i] === label ? w : 0), 0);

describe('detectionExamples', () => {
  it('balanced verdicts are used alone, each side weighing half', () => {
    const examples = detectionExamples(verdicts(3, 9), {
      accepted: weak(50, 'accepted'),
      passedOver: weak(50, 'passed'),
    });
    expect(examples?.features).toHaveLength(12);
    expect(sideWeight(examples!, 1)).toBeCloseTo(6);
    expect(sideWeight(examples!, 0)).toBeCloseTo(6);
    expect(examples?.verdicts).toBe(12);
  });

  it('one-sided rejections are balanced by the meetings let stand, each lighter than a verdict', () => {
    const examples = detectionExamples(verdicts(1, 20), {
      accepted: weak(60, 'accepted'),
      passedOver: weak(60, 'passed'),
    })!;
    // The verdicts, then each meeting let stand three times: an anchor's two halves and a sale.
    expect(examples.features).toHaveLength(21 + 3 * 60);
    expect(examples.labels.slice(21)).toEqual([
      ...Array<number>(60).fill(1),
      ...Array<number>(60).fill(0),
      ...Array<number>(60).fill(1),
    ]);
    expect(examples.fromBaseScore).toEqual([
      ...Array<boolean>(21 + 120).fill(false),
      ...Array<boolean>(60).fill(true),
    ]);
    const verdictsWeight = examples.weights.slice(0, 21).reduce((x, y) => x + y, 0);
    const letStandWeight = examples.weights.slice(21).reduce((x, y) => x + y, 0);
    expect(letStandWeight).toBeCloseTo(verdictsWeight);
    const perVerdict = examples.weights[0]!;
    expect(examples.weights.slice(0, 21).every((w) => w === perVerdict)).toBe(true);
    // Each meeting let stand (its three examples together) at most WEAK_WEIGHT of a verdict.
    const perMeeting = examples.weights[21]! + examples.weights[81]! + examples.weights[141]!;
    expect(perMeeting).toBeLessThanOrEqual(WEAK_WEIGHT * perVerdict);
    // The anchor's halves weigh the same, so that it holds its meeting at zero.
    expect(examples.weights[21]).toBe(examples.weights[81]);
    // The prior's N counts the verdicts only.
    expect(examples.verdicts).toBe(21);
  });

  it('one-sided confirmations are balanced by the meetings passed over', () => {
    const examples = detectionExamples(verdicts(12, 0), {
      accepted: weak(60, 'accepted'),
      passedOver: weak(30, 'passed'),
    })!;
    const names = examples.features.slice(12).map((f) => [...f.named.keys()][0]);
    const passed = Array.from({ length: 30 }, (_, i) => `passed-${i}`);
    expect(names).toEqual([...passed, ...passed, ...passed]);
    // The third view of each is a non-meeting, scored from the base model's score.
    expect(examples.labels.slice(12 + 60)).toEqual(Array<number>(30).fill(0));
    expect(examples.fromBaseScore.slice(12 + 60)).toEqual(Array<boolean>(30).fill(true));
  });

  it('balanced verdicts are scored from the base model, one-sided ones from zero', () => {
    const many = { accepted: weak(50, 'a'), passedOver: weak(50, 'p') };
    expect(detectionExamples(verdicts(5, 7), many)?.fromBaseScore).toEqual(
      Array<boolean>(12).fill(true),
    );
    expect(detectionExamples(verdicts(2, 10), many)?.fromBaseScore.slice(0, 12)).toEqual(
      Array<boolean>(12).fill(false),
    );
  });

  it('nothing below the minimum of verdicts, however many weak examples', () => {
    const many = { accepted: weak(500, 'accepted'), passedOver: weak(500, 'passed') };
    for (let n = 1; n < MIN_DETECTION_EXAMPLES; n++)
      expect(detectionExamples(verdicts(0, n), many)).toBeNull();
  });

  it('nothing when the meetings let stand are too few to balance at their weight', () => {
    // Twenty verdicts need forty meetings let stand (a half each), whichever way they went.
    const standing = (n: number) => ({ accepted: weak(n, 'a'), passedOver: [] });
    expect(detectionExamples(verdicts(0, 20), standing(39))).toBeNull();
    expect(detectionExamples(verdicts(0, 20), standing(40))).not.toBeNull();
    expect(detectionExamples(verdicts(1, 20), standing(41))).toBeNull();
    expect(detectionExamples(verdicts(1, 20), standing(42))).not.toBeNull();
    expect(detectionExamples(verdicts(0, 20))).toBeNull();
  });

  it('reads at most MAX_WEAK_EXAMPLES meetings let stand, the first (latest) ones', () => {
    const examples = detectionExamples(verdicts(0, 20), {
      accepted: weak(MAX_WEAK_EXAMPLES + 50, 'a'),
      passedOver: [],
    })!;
    const last = examples.features.at(-1)!;
    expect(examples.features).toHaveLength(20 + 3 * MAX_WEAK_EXAMPLES);
    expect([...last.named.keys()]).toEqual([`a-${MAX_WEAK_EXAMPLES - 1}`]);
  });
});

describe('weakExamplesWanted', () => {
  it('asks for the side the verdicts lack, from the minimum on', () => {
    expect(weakExamplesWanted(verdicts(0, 9))).toEqual({ accepted: false, passedOver: false });
    expect(weakExamplesWanted(verdicts(2, 8))).toEqual({ accepted: true, passedOver: false });
    expect(weakExamplesWanted(verdicts(10, 0))).toEqual({ accepted: false, passedOver: true });
    expect(weakExamplesWanted(verdicts(3, 7))).toEqual({ accepted: false, passedOver: false });
  });
});

describe('letStandSpan', () => {
  const judged = (start: string, end: string, judgedAt: string) => ({ start, end, judgedAt });
  const day = (date: string) => `${date}T00:00:00.000Z`;
  const daysBefore = (date: string, days: number) =>
    new Date(Date.parse(day(date)) - days * 86_400_000).toISOString();

  it('runs to the end of the latest meeting judged, back a quarter at least', () => {
    expect(
      letStandSpan([
        judged(day('2026-03-01'), day('2026-03-02'), day('2026-11-01')),
        judged(day('2026-03-09'), day('2026-03-10'), day('2026-11-02')),
      ]),
    ).toEqual({ from: daysBefore('2026-03-10', LOOKBACK_DAYS), to: day('2026-03-10') });
  });

  it('back to the earliest meeting judged, when the verdicts span more', () => {
    expect(
      letStandSpan([
        judged(day('2025-09-01'), day('2025-09-02'), day('2025-09-03')),
        judged(day('2026-03-09'), day('2026-03-10'), day('2026-03-11')),
      ]),
    ).toEqual({ from: day('2025-09-01'), to: day('2026-03-10') });
  });

  it('no further than the latest word, when a meeting still to come was judged', () => {
    expect(letStandSpan([judged(day('2026-12-01'), day('2026-12-02'), day('2026-11-01'))])).toEqual(
      { from: daysBefore('2026-11-01', LOOKBACK_DAYS), to: day('2026-11-01') },
    );
  });

  it('nothing without verdicts', () => {
    expect(letStandSpan([])).toBeNull();
  });
});
