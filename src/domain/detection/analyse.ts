/**
 * One event in, one decision out: is it a sales meeting (a calibrated probability), of what type,
 * with which account and CRM people, and why, strongest reason first.
 */
import { buildCrmIndex, type CrmIndex, type OrganisationContext } from '../matching/crm.js';
import { matchMeeting, type MeetingMatch } from '../matching/match-meeting.js';
import { extractFeatures, type Features, type MeetingInput } from './features.js';
import { linearScore, namedContributions, sigmoid, softmax, type LinearWeights } from './linear.js';
import { LinearModels } from './linear-models.js';
import { phrase, typeReason } from './reasons.js';
import { typeFeatures, type AccountHistory } from './type-features.js';

/** The most a cancelled event can score: never a sales meeting, still ranked by resemblance. */
const CANCELLED_CEILING = 0.01;

export const MEETING_TYPES = [
  'discovery',
  'demo',
  'negotiation',
  'follow_up',
  'closing',
  'other',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export interface MeetingModels {
  version: string;
  detection: { weights: LinearWeights; calibration: { a: number; b: number }; threshold: number };
  types: { classes: MeetingType[]; weights: LinearWeights[] };
}

/** An organisation's corrections, learnt on top of the base models (see adapt.ts). */
export interface OrganisationAdjustment {
  detection: LinearWeights;
  types: LinearWeights[];
  /**
   * The most the adjustment may move any event's score, whatever its weights add up to: the raw
   * detection score (before calibration) and each type's score. adaptToOrganisation always sets
   * it; an adjustment without it was fitted before there was a cap and is not applied by the
   * service (organisation-analysis.ts).
   */
  maxShift?: { detection: number; types: number };
}

export interface MeetingAnalysis {
  id: string;
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: MeetingType | null;
  typeConfidence: number | null;
  accountId: string | null;
  accountAmbiguous: boolean;
  matchedLeadIds: string[];
  matchedContactIds: string[];
  externalDomains: string[];
  reasons: string[];
  match: MeetingMatch;
}

export interface AnalyseContext {
  history?: AccountHistory;
  /**
   * Asked for the history instead, when `history` is not given, only if the meeting is typed and
   * has an account: a caller counting an account's sales meetings as it finds them (the offline
   * `analyze`) then analyses each event once, not once to learn the account and again to type.
   */
  historyOf?: (accountId: string) => AccountHistory | undefined;
  adjustment?: OrganisationAdjustment | null;
  /** Type the meeting even when it is not detected as a sales meeting (evaluation). */
  alwaysType?: boolean;
}

export class MeetingAnalyser {
  readonly index: CrmIndex;

  constructor(
    org: Partial<OrganisationContext>,
    readonly models: MeetingModels,
    /** Built already (a slice at a time: CrmIndexBuilder); `org` is then not read. */
    index?: CrmIndex,
  ) {
    this.index = index ?? buildCrmIndex(org);
  }

  /** An analyser over an index built already. */
  static over(index: CrmIndex, models: MeetingModels): MeetingAnalyser {
    return new MeetingAnalyser({}, models, index);
  }

  analyse(event: MeetingInput, context: AnalyseContext = {}): MeetingAnalysis {
    const match = matchMeeting(event, this.index);
    const features = extractFeatures(event, match, this.index);
    // The labelling guide is categorical: a cancelled event will not take place, so it is not a
    // sales meeting, whatever else it looks like.
    const cancelled = event.status === 'cancelled';
    const scored = this.detect(features, context.adjustment ?? null);
    const confidence = cancelled ? Math.min(scored, CANCELLED_CEILING) : scored;
    const isSalesMeeting = confidence >= this.models.detection.threshold;
    const typed =
      isSalesMeeting || context.alwaysType
        ? this.classify(
            typeFeatures(features, match, this.index, historyFor(match, context)),
            context.adjustment ?? null,
          )
        : null;
    return {
      id: event.id,
      isSalesMeeting,
      confidence: round(confidence),
      meetingType: isSalesMeeting || context.alwaysType ? (typed?.type ?? null) : null,
      typeConfidence: typed ? round(typed.confidence) : null,
      accountId: match.accountId,
      accountAmbiguous: match.accountAmbiguous,
      matchedLeadIds: unique(match.externals.flatMap((p) => p.leadIds)),
      matchedContactIds: unique(match.externals.flatMap((p) => p.contactIds)),
      externalDomains: match.externalDomains,
      reasons: this.reasons(features, match, isSalesMeeting, typed?.type ?? null),
      match,
    };
  }

  /** The raw (uncalibrated) detection score: base model plus the organisation's adjustment. */
  detectionScore(features: Features, adjustment: OrganisationAdjustment | null): number {
    const base = linearScore(features, this.models.detection.weights);
    if (!adjustment) return base;
    return (
      base + capped(linearScore(features, adjustment.detection), adjustment.maxShift?.detection)
    );
  }

  private detect(features: Features, adjustment: OrganisationAdjustment | null): number {
    const { a, b } = this.models.detection.calibration;
    return sigmoid(a * this.detectionScore(features, adjustment) + b);
  }

  private classify(features: Features, adjustment: OrganisationAdjustment | null) {
    const base = typeModels(this.models.types.weights).scores(features);
    const scores = base.map(
      (score, k) =>
        score +
        (adjustment?.types[k]
          ? capped(linearScore(features, adjustment.types[k]), adjustment.maxShift?.types)
          : 0),
    );
    const probabilities = softmax(scores);
    let best = 0;
    probabilities.forEach((p, k) => {
      if (p > (probabilities[best] ?? 0)) best = k;
    });
    return {
      type: this.models.types.classes[best] ?? 'other',
      confidence: probabilities[best] ?? 0,
    };
  }

  private reasons(
    features: Features,
    match: MeetingMatch,
    isSales: boolean,
    type: MeetingType | null,
  ): string[] {
    const sign = isSales ? 1 : -1;
    const said = new Set<string>();
    const reasons: string[] = [];
    for (const { name, contribution } of namedContributions(
      features,
      this.models.detection.weights,
    )) {
      if (contribution * sign <= 0) continue;
      const text = phrase(name, match, this.index);
      if (text && !said.has(text)) {
        said.add(text);
        reasons.push(text);
      }
      if (reasons.length >= 4) break;
    }
    if (type && type !== 'other') reasons.push(typeReason(type));
    if (reasons.length === 0)
      reasons.push(
        isSales ? 'resembles sales meetings seen before' : 'nothing about it points to a sale',
      );
    return reasons;
  }
}

/** The type models scored together, built once per weights list (weights are not changed). */
const TYPE_MODELS = new WeakMap<readonly LinearWeights[], LinearModels>();

function typeModels(weights: readonly LinearWeights[]): LinearModels {
  let models = TYPE_MODELS.get(weights);
  if (!models) {
    models = new LinearModels(weights);
    TYPE_MODELS.set(weights, models);
  }
  return models;
}

function historyFor(match: MeetingMatch, context: AnalyseContext): AccountHistory | undefined {
  if (context.history || !context.historyOf || !match.accountId) return context.history;
  return context.historyOf(match.accountId);
}

/** An adjustment's share of a score, kept within its cap (none: as fitted). */
function capped(shift: number, limit: number | undefined): number {
  return limit === undefined ? shift : Math.max(-limit, Math.min(limit, shift));
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
