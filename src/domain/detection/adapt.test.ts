import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adaptToOrganisation,
  MAX_DETECTION_SHIFT,
  MIN_DETECTION_EXAMPLES,
  type FeedbackExample,
  type Unjudged,
} from './adapt.js';
import {
  MeetingAnalyser,
  type MeetingModels,
  type MeetingType,
  type OrganisationAdjustment,
} from './analyse.js';
import { extractFeatures, type MeetingInput } from './features.js';
import { linearScore } from './linear.js';
import { typeFeatures } from './type-features.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const ORG = { internalDomains: ['northwind.io'], accounts: [], leads: [], contacts: [] };

let day = 0;

/** A half-hour video call Ana organises with one outside guest, on a day of its own. */
function meeting(title: string, guest: string): MeetingInput {
  day += 1;
  const start = new Date(Date.parse('2026-03-02T14:00:00.000Z') + day * 86_400_000);
  return {
    id: `event-${day}`,
    title,
    description: null,
    location: 'https://zoom.us/j/123456789',
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    allDay: false,
    timeZone: 'UTC',
    organizer: { email: 'ana@northwind.io', name: null },
    attendees: [
      {
        email: 'ana@northwind.io',
        name: null,
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
      { email: guest, name: null, responseStatus: 'accepted', optional: false, resource: false },
    ],
    status: 'confirmed',
    transparency: 'opaque',
    seriesId: null,
    calendarOwner: 'ana@northwind.io',
  };
}

const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Hooli',
  'Umbrella',
  'Stark',
  'Wayne',
  'Soylent',
  'Cyberdyne',
  'Tyrell',
  'Vandelay',
  'Massive',
  'Oscorp',
  'Wonka',
  'Duff',
  'Gringotts',
];
const company = (i: number) => COMPANIES[i % COMPANIES.length] ?? 'Acme';

/** A prospect's first call: the base model is confident it is a sales meeting. */
const prospectCall = (i: number) =>
  meeting(
    `${company(i)} ${i % 2 ? 'discovery call' : 'intro call'}`,
    `buyer${i}@${company(i).toLowerCase()}.com`,
  );
/** The organisation's own project with a design studio, in sales-sounding words: not a sale. */
const quokka = (i: number) =>
  meeting(i % 2 ? `Quokka walkthrough ${i}` : `Quokka demo ${i}`, `dev${i}@studio${i}.com`);
/** A prospect's demo: the base model says yes, but not by much (0.54 to 0.82). */
const prospectDemo = (name: string, i: number) =>
  meeting(`${name} ${i % 2 ? 'walkthrough' : 'demo'}`, `buyer${i}@${name.toLowerCase()}.com`);
/** Prospects the organisation's weak examples never name (their names cannot be what is learnt). */
const NEW_PROSPECTS = ['Aperture', 'Nakatomi', 'Monarch', 'Prestige', 'Zorg', 'Virtucon'];
/** Companies the organisation buys from. */
const VENDORS = ['Telematix', 'Brightpath', 'Geotrack', 'Nubia', 'Kyros'];
/** The organisation's word for a pricing meeting, which the base model does not know. */
const mesaDePrecios = (i: number) =>
  meeting(`Mesa de precios ${company(i)}`, `compras@${company(i).toLowerCase()}.com`);

const ORG_ANALYSER = new MeetingAnalyser(ORG, MODELS);

/** The detection features of an event of the organisation. */
const features = (event: MeetingInput) =>
  extractFeatures(event, ORG_ANALYSER.analyse(event).match, ORG_ANALYSER.index);

/** Meetings the model detected and nobody judged: prospects' calls, demos and walkthroughs. */
const letStand = (count: number): Unjudged => ({
  accepted: Array.from({ length: count }, (_, i) =>
    features(i % 2 ? prospectCall(200 + i) : prospectDemo(company(i), i / 2)),
  ),
  passedOver: [],
});

describe('adaptToOrganisation', () => {
  const analyser = new MeetingAnalyser(ORG, MODELS);
  const { a } = MODELS.detection.calibration;

  const verdict = (
    event: MeetingInput,
    isSalesMeeting: boolean,
    meetingType: MeetingType | null = null,
  ): FeedbackExample => {
    const { match } = analyser.analyse(event);
    const detection = extractFeatures(event, match, analyser.index);
    return {
      detection,
      type: isSalesMeeting ? typeFeatures(detection, match, analyser.index, undefined) : null,
      isSalesMeeting,
      meetingType,
    };
  };
  /** How far the adjustment moves the event's calibrated log-odds. */
  const shift = (event: MeetingInput, adjustment: OrganisationAdjustment) => {
    const features = extractFeatures(event, analyser.analyse(event).match, analyser.index);
    return (
      a * (analyser.detectionScore(features, adjustment) - analyser.detectionScore(features, null))
    );
  };
  const isEmpty = (adjustment: OrganisationAdjustment) =>
    [adjustment.detection, ...adjustment.types].every(
      (w) => Object.keys(w.named).length === 0 && Object.keys(w.hashed).length === 0,
    );

  it('changes nothing without feedback', () => {
    const adjustment = adaptToOrganisation(MODELS, []);
    const event = quokka(0);
    expect(analyser.analyse(event, { adjustment }).confidence).toBe(
      analyser.analyse(event).confidence,
    );
  });

  it('one rejection gives no adjustment', () => {
    const rejected = prospectCall(0);
    expect(analyser.analyse(rejected).confidence).toBeGreaterThan(0.85);
    const adjustment = adaptToOrganisation(MODELS, [verdict(rejected, false)]);
    expect(isEmpty(adjustment)).toBe(true);
    for (const event of [prospectCall(1), prospectCall(2), quokka(3), mesaDePrecios(4)])
      expect(analyser.analyse(event, { adjustment })).toMatchObject({
        confidence: analyser.analyse(event).confidence,
        meetingType: analyser.analyse(event).meetingType,
      });
  });

  it('one type correction gives no type adjustment', () => {
    const adjustment = adaptToOrganisation(MODELS, [verdict(prospectCall(0), true, 'demo')]);
    expect(isEmpty(adjustment)).toBe(true);
    const other = prospectCall(1);
    expect(analyser.analyse(other, { adjustment }).typeConfidence).toBe(
      analyser.analyse(other).typeConfidence,
    );
  });

  it('a handful of one-sided examples cannot move an unrelated confident event across the threshold', () => {
    const threshold = MODELS.detection.threshold;
    const confident = [prospectCall(40), prospectCall(41), prospectCall(42)];
    for (const event of confident) expect(analyser.analyse(event).confidence).toBeGreaterThan(0.85);
    for (let n = 1; n < MIN_DETECTION_EXAMPLES; n++) {
      // A user rejects n of the organisation's meetings the model was sure of, and nothing else.
      const rejections = Array.from({ length: n }, (_, i) => verdict(prospectCall(i), false));
      const adjustment = adaptToOrganisation(MODELS, rejections, letStand(40));
      expect(isEmpty(adjustment)).toBe(true);
      for (const event of confident)
        expect(analyser.analyse(event, { adjustment }).confidence).toBeGreaterThanOrEqual(
          threshold,
        );
      // Nor n re-typings to one type the others' types.
      const retyped = Array.from({ length: n }, (_, i) => verdict(prospectCall(i), true, 'demo'));
      const typed = adaptToOrganisation(MODELS, retyped);
      for (const event of confident)
        expect(analyser.analyse(event, { adjustment: typed }).meetingType).toBe(
          analyser.analyse(event).meetingType,
        );
    }
  });

  it("past the minimum, the adjustment moves no event's log-odds further than its cap", () => {
    // Twelve of the organisation's prospect calls rejected, three other meetings confirmed.
    const feedback = [
      ...Array.from({ length: 12 }, (_, i) => verdict(prospectCall(i), false)),
      ...Array.from({ length: 3 }, (_, i) => verdict(mesaDePrecios(i), true)),
    ];
    const adjustment = adaptToOrganisation(MODELS, feedback);
    expect(isEmpty(adjustment)).toBe(false);
    const others = [
      ...Array.from({ length: 6 }, (_, i) => prospectCall(60 + i)),
      quokka(70),
      mesaDePrecios(71),
    ];
    for (const event of others)
      expect(Math.abs(shift(event, adjustment))).toBeLessThanOrEqual(MAX_DETECTION_SHIFT + 1e-6);
    for (const event of others.filter((e) => analyser.analyse(e).confidence >= 0.85))
      expect(analyser.analyse(event, { adjustment }).isSalesMeeting).toBe(true);
  });

  it("with enough balanced examples the adjustment still improves the org's held-out accuracy", () => {
    // Its users reject the base model's guesses about its own project and confirm its own word
    // for pricing meetings; both come back in later events, beside prospects' calls.
    const feedback = [
      ...Array.from({ length: 6 }, (_, i) => verdict(quokka(i), false)),
      ...Array.from({ length: 6 }, (_, i) => verdict(mesaDePrecios(i), true)),
    ];
    const heldOut: [MeetingInput, boolean][] = [
      ...Array.from({ length: 4 }, (_, i): [MeetingInput, boolean] => [quokka(20 + i), false]),
      ...Array.from({ length: 4 }, (_, i): [MeetingInput, boolean] => [mesaDePrecios(8 + i), true]),
      ...Array.from({ length: 6 }, (_, i): [MeetingInput, boolean] => [prospectCall(30 + i), true]),
    ];
    const adjustment = adaptToOrganisation(MODELS, feedback);
    const accuracy = (applied: OrganisationAdjustment | null) =>
      heldOut.filter(
        ([event, label]) =>
          analyser.analyse(event, { adjustment: applied }).isSalesMeeting === label,
      ).length / heldOut.length;
    expect(accuracy(null)).toBeLessThan(0.5);
    expect(accuracy(adjustment)).toBe(1);
  });
});

describe('adaptToOrganisation, when users only reject', () => {
  const analyser = new MeetingAnalyser(ORG, MODELS);
  const { a } = MODELS.detection.calibration;
  const rejection = (event: MeetingInput): FeedbackExample => ({
    detection: features(event),
    type: null,
    isSalesMeeting: false,
    meetingType: null,
  });
  const detected = (event: MeetingInput, adjustment: OrganisationAdjustment | null = null) =>
    analyser.analyse(event, { adjustment }).isSalesMeeting;

  it("learns what sets the rejected events apart: more of them drop below the threshold, the organisation's sales meetings stay above", () => {
    // The model keeps flagging the organisation's own project with a design studio; its users
    // reject twelve of those calls and confirm nothing, its prospects' meetings being right.
    const feedback = Array.from({ length: 12 }, (_, i) => rejection(quokka(i)));
    const adjustment = adaptToOrganisation(MODELS, feedback, letStand(40));
    const laterQuokkas = Array.from({ length: 8 }, (_, i) => quokka(300 + i));
    // Demos and walkthroughs like the rejected ones, sure no more than they are, with prospects
    // the organisation's meetings never named.
    const prospectsDemos = NEW_PROSPECTS.map((name, i) => prospectDemo(name, 300 + i));
    for (const event of [...laterQuokkas, ...prospectsDemos]) expect(detected(event)).toBe(true);
    expect(laterQuokkas.filter((event) => detected(event, adjustment))).toEqual([]);
    expect(prospectsDemos.filter((event) => !detected(event, adjustment))).toEqual([]);
  });

  it('adapts on no fewer rejections than the minimum, whatever it is set against', () => {
    const prospects = Array.from({ length: 6 }, (_, i) => prospectDemo(NEW_PROSPECTS[i]!, 400 + i));
    for (const n of [1, 3, MIN_DETECTION_EXAMPLES - 1]) {
      const feedback = Array.from({ length: n }, (_, i) => rejection(quokka(i)));
      const adjustment = adaptToOrganisation(MODELS, feedback, letStand(60));
      expect(adjustment.detection).toEqual({ named: {}, hashed: {} });
      for (const event of prospects) expect(detected(event, adjustment)).toBe(true);
    }
  });

  it("without twice as many of the organisation's own meetings as rejections, nothing is learnt", () => {
    const feedback = Array.from({ length: 12 }, (_, i) => rejection(quokka(i)));
    expect(adaptToOrganisation(MODELS, feedback, letStand(23)).detection).toEqual({
      named: {},
      hashed: {},
    });
    expect(adaptToOrganisation(MODELS, feedback).detection).toEqual({ named: {}, hashed: {} });
  });

  it('a user who rejects calls no different from those let stand moves them less than the cap, which is never reached', () => {
    // Thirty prospect calls rejected, eighty let stand: nothing sets the rejected apart, so what
    // is learnt is what the two share, which the meetings let stand hold back.
    const feedback = Array.from({ length: 30 }, (_, i) => rejection(prospectCall(500 + i)));
    const calls = Array.from({ length: 80 }, (_, i) => features(prospectCall(200 + i)));
    const adjustment = adaptToOrganisation(MODELS, feedback, { accepted: calls, passedOver: [] });
    expect(adjustment.detection).not.toEqual({ named: {}, hashed: {} });
    const others = [
      ...Array.from({ length: 8 }, (_, i) => prospectCall(600 + i)),
      ...NEW_PROSPECTS.map((name, i) => prospectDemo(name, 600 + i)),
    ];
    for (const event of others) {
      // Before the cap: the weights alone keep each within it.
      const moved = a * linearScore(features(event), adjustment.detection);
      expect(Math.abs(moved)).toBeLessThan(MAX_DETECTION_SHIFT);
      if (analyser.analyse(event).confidence >= 0.85)
        expect(detected(event, adjustment)).toBe(true);
    }
  });

  it('confirmations alone are set against the meetings passed over: more of the confirmed kind are found, the passed-over kind stays out', () => {
    // The mirror case: the organisation's own word for pricing meetings is missed, its users
    // confirm twelve of them and reject nothing, the model being right about its vendors' syncs.
    const confirmation = (event: MeetingInput): FeedbackExample => ({
      ...rejection(event),
      isSalesMeeting: true,
    });
    const vendorSync = (i: number) => {
      const vendor = VENDORS[i % VENDORS.length] ?? 'Telematix';
      return meeting(
        `${vendor} ${i % 2 ? 'weekly sync' : 'catch-up'}`,
        `am${i}@${vendor.toLowerCase()}.com`,
      );
    };
    const feedback = Array.from({ length: 12 }, (_, i) => confirmation(mesaDePrecios(i)));
    const passedOver = Array.from({ length: 40 }, (_, i) => features(vendorSync(700 + i)));
    const adjustment = adaptToOrganisation(MODELS, feedback, { accepted: [], passedOver });
    const laterPricing = NEW_PROSPECTS.map((name) =>
      meeting(`Mesa de precios ${name}`, `compras@${name.toLowerCase()}.com`),
    );
    const laterSyncs = Array.from({ length: 6 }, (_, i) => vendorSync(800 + i));
    const prospectsDemos = NEW_PROSPECTS.map((name, i) => prospectDemo(name, 800 + i));
    for (const event of [...laterPricing, ...laterSyncs]) expect(detected(event)).toBe(false);
    for (const event of prospectsDemos) expect(detected(event)).toBe(true);
    expect(laterPricing.filter((event) => !detected(event, adjustment))).toEqual([]);
    expect(laterSyncs.filter((event) => detected(event, adjustment))).toEqual([]);
    expect(prospectsDemos.filter((event) => !detected(event, adjustment))).toEqual([]);
  });
});
