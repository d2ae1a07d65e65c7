/**
 * `adapt_meeting_model`: refits an organisation's adjustment to the meeting models from all of
 * its users' feedback (the last word per user and meeting), each example rebuilt from the snapshot of what
 * the model read when the feedback was given, matched against today's CRM. Feedback that goes
 * (almost) one way is set against the organisation's meetings nobody judged (unjudged-meetings.ts).
 */
import {
  adaptToOrganisation,
  letStandSpan,
  weakExamplesWanted,
  type FeedbackExample,
  type JudgedMeeting,
} from '../../domain/detection/adapt.js';
import type { MeetingModels } from '../../domain/detection/analyse.js';
import { extractFeatures, type MeetingInput } from '../../domain/detection/features.js';
import { typeFeatures, type AccountHistory } from '../../domain/detection/type-features.js';
import type { CrmIndex } from '../../domain/matching/crm.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import type { MeetingFeedback, OrgScope, Store } from '../../store/store.js';
import { seriesKeysOf } from './decide-meeting.js';
import { readUnjudged } from './unjudged-meetings.js';

/** What the meetings service stores with each feedback (meeting_feedback.snapshot). */
export interface FeedbackSnapshot {
  input: MeetingInput;
  history: AccountHistory | null;
}

export interface AdaptationOutcome {
  /** Feedback rows of the organisation. */
  feedback: number;
  /** Examples the adjustment was fitted on (the last word per user and meeting). */
  examples: number;
  /** The organisation's meetings nobody judged that one-sided feedback was set against. */
  unjudged: { accepted: number; passedOver: number };
}

export async function adaptOrganisationModel(
  store: Store,
  scope: OrgScope,
  models: MeetingModels,
  index: CrmIndex,
  /** The app's clock's time: when the adjustment is dated. */
  now: Date,
): Promise<AdaptationOutcome> {
  const feedback = await store.meetings.orgFeedback(scope);
  const latest = new Map<string, MeetingFeedback>();
  // By the meeting's identity where it has one, so that a word given again after its event's row
  // was made anew (a calendar synced from scratch) replaces the earlier one instead of counting
  // twice; older feedback without one by its event.
  for (const f of feedback) {
    // A withdrawal on one instance of a series takes back the user's words on every instance
    // of it, as detection reads it (FeedbackVerdicts).
    if (f.verdict === 'withdraw') forgetSeries(latest, f);
    latest.set(`${f.userId}:${f.meetingIdentity ?? `event:${f.eventId}`}`, f);
  }
  // A word taken back teaches nothing: the meeting counts as one nobody judged.
  const words = [...latest.values()].filter((f) => f.verdict !== 'withdraw');
  const examples = words.flatMap((f) => toExample(f, index) ?? []);
  const unjudged = await readUnjudged(store, scope, {
    wanted: weakExamplesWanted(examples),
    feedback: words,
    span: letStandSpan(words.flatMap(judgedMeeting)),
    index,
  });
  await store.meetings.saveAdjustment(
    scope,
    {
      modelVersion: models.version,
      feedbackCount: examples.length,
      adjustment: adaptToOrganisation(models, examples, unjudged),
    },
    now,
  );
  return {
    feedback: feedback.length,
    examples: examples.length,
    unjudged: { accepted: unjudged.accepted.length, passedOver: unjudged.passedOver.length },
  };
}

/** Drops the user's words on the series `withdrawal` names (none for a single meeting). */
function forgetSeries(latest: Map<string, MeetingFeedback>, withdrawal: MeetingFeedback): void {
  const series = new Set(seriesKeysOf(withdrawal));
  if (series.size === 0) return;
  for (const [key, word] of latest)
    if (word.userId === withdrawal.userId && seriesKeysOf(word).some((k) => series.has(k)))
      latest.delete(key);
}

/** The meeting a word was given on, as its snapshot has it. */
function judgedMeeting(feedback: MeetingFeedback): JudgedMeeting[] {
  const snapshot = asSnapshot(feedback.snapshot);
  if (!snapshot) return [];
  return [{ start: snapshot.input.start, end: snapshot.input.end, judgedAt: feedback.createdAt }];
}

function toExample(feedback: MeetingFeedback, index: CrmIndex): FeedbackExample | null {
  const snapshot = asSnapshot(feedback.snapshot);
  if (!snapshot) return null;
  const match = matchMeeting(snapshot.input, index);
  const detection = extractFeatures(snapshot.input, match, index);
  const confirmed = feedback.verdict === 'confirm';
  return {
    detection,
    type: confirmed ? typeFeatures(detection, match, index, snapshot.history ?? undefined) : null,
    isSalesMeeting: confirmed,
    // Only a type the user gave teaches the type model; the model's own guess would not.
    meetingType: confirmed ? feedback.meetingType : null,
  };
}

/** A snapshot as written by the meetings service; anything else is skipped, not trusted. */
function asSnapshot(value: unknown): FeedbackSnapshot | null {
  if (typeof value !== 'object' || value === null) return null;
  const input = (value as { input?: unknown }).input;
  if (typeof input !== 'object' || input === null) return null;
  const candidate = input as Partial<MeetingInput>;
  if (
    typeof candidate.id !== 'string' ||
    typeof candidate.title !== 'string' ||
    typeof candidate.start !== 'string' ||
    typeof candidate.end !== 'string' ||
    !Array.isArray(candidate.attendees)
  )
    return null;
  const history = (value as { history?: AccountHistory | null }).history ?? null;
  return { input: candidate as MeetingInput, history };
}
