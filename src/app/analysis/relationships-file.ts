/**
 * `calintel relationships` as a use case (contract: analysis-io.md): JSON Lines of events in, one
 * JSON document out, `{ "accounts": [...], "asOf": ... }`, one account per line inside it.
 *
 * Every event is analysed by the sales-meeting analyser, as `calintel analyze` does, to learn
 * whether it is a sales meeting, its type and its account; the events are put in start order
 * first (then id), so that the account history the type model reads is the training one and the
 * output does not depend on the order of the lines. The whole file is held in memory (the
 * analysis needs every meeting of an account anyway). `now` is given by the caller.
 */
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { MeetingAnalyser, type MeetingModels } from '../../domain/detection/analyse.js';
import type { MeetingInput } from '../../domain/detection/features.js';
import { invalidInput } from '../../domain/errors.js';
import {
  analyseRelationships,
  toRelationshipMeeting,
  type AccountRelationship,
  type AccountSummary,
  type RelationshipMeeting,
} from '../../domain/relationships/index.js';
import { SeenSoFarHistory } from './account-history.js';
import { collectValidLines } from './valid-lines.js';
import {
  analyseEvent,
  inputStream,
  LineSink,
  openInput,
  openOutput,
  readEventLine,
  readLines,
  type Rejection,
} from './analyze-file.js';
import { loadMeetingModels, loadOrganisationContext } from './analysis-inputs.js';

export interface ReadEvents {
  inputs: MeetingInput[];
  lines: number;
  rejected: number;
}

/** Every valid event of `lines`; bad lines go to `onRejected` with their line number. */
export async function readEvents(
  lines: AsyncIterable<string>,
  onRejected: (rejection: Rejection) => void = () => {},
): Promise<ReadEvents> {
  const read = await collectValidLines(lines, readEventLine, onRejected, (e) => e.id);
  return { inputs: read.items, lines: read.lines, rejected: read.rejected };
}

/**
 * The relationship meetings of the events: each analysed once, in start order (then id), with
 * the account history counted as it goes; events without an external person are left out.
 */
export function relationshipMeetings(
  inputs: readonly MeetingInput[],
  analyser: MeetingAnalyser,
): RelationshipMeeting[] {
  const ordered = inputs
    .map((input) => ({ input, at: Date.parse(input.start) }))
    .sort(
      (a, b) => a.at - b.at || (a.input.id < b.input.id ? -1 : a.input.id > b.input.id ? 1 : 0),
    );
  const history = new SeenSoFarHistory();
  const meetings: RelationshipMeeting[] = [];
  ordered.forEach(({ input }, i) => {
    const analysis = analyseEvent(analyser, input, i + 1, history);
    const meeting = toRelationshipMeeting(input, analysis, analyser.index);
    if (meeting) meetings.push(meeting);
  });
  return meetings;
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const instant = (at: number) => new Date(at).toISOString();

/** One account of the output: the contract's fields first, in its order, times as UTC ISO. */
export function accountDocument(r: AccountRelationship, now: number): Record<string, unknown> {
  const detail = detailDocument(r, now);
  return {
    ...summaryFields(r, r.stakeholders.length, detail.series),
    stageHistory: detail.stageHistory,
    typicalDurationMinutes: detail.typicalDurationMinutes,
    typeProgression: detail.typeProgression,
    expansionReasons: detail.expansionReasons,
    stakeholderDetails: detail.stakeholderDetails,
    timeline: detail.timeline,
  };
}

/** What the service stores of an account: accountDocument's summary fields, the same way. */
export function summaryDocument(s: AccountSummary): Record<string, unknown> {
  return summaryFields(s, s.stakeholders, s.series);
}

/** The contract's fields in its order, then the rest of the summary. */
function summaryFields(
  r: Omit<AccountSummary, 'stakeholders' | 'series'>,
  stakeholders: number,
  series: readonly object[],
): Record<string, unknown> {
  return {
    accountId: r.accountKey,
    name: r.name,
    meetings: r.meetings,
    firstMeeting: iso(r.firstMeeting),
    lastMeeting: iso(r.lastMeeting),
    stage: r.stage,
    cadenceDays: r.cadenceDays,
    cadenceTrend: r.cadenceTrend,
    durationTrend: r.durationTrend,
    stakeholders,
    newStakeholdersLast90Days: r.newStakeholdersLast90Days,
    stakeholderExpansion: r.stakeholderExpansion,
    series,
    reasons: r.reasons,
    upcomingMeetings: r.upcomingMeetings,
    nextMeeting: iso(r.nextMeeting),
    stageReasons: r.stageReasons,
  };
}

/** The detail of one account (what its summary leaves out), times as UTC ISO. */
export function detailDocument(r: AccountRelationship, now: number) {
  return {
    series: r.series.map((s) => ({
      ...s,
      firstStart: iso(s.firstStart),
      lastStart: iso(s.lastStart),
      attendance: s.attendance.map((a) => ({ ...a, lastAttended: iso(a.lastAttended) })),
    })),
    // The contract's fields only: reasons in parts are the API's (relationship-views.ts).
    stageHistory: r.stageHistory.map((h) => ({
      stage: h.stage,
      since: instant(h.since),
      reasons: h.reasons,
    })),
    typicalDurationMinutes: r.typicalDurationMinutes,
    typeProgression: {
      ...r.typeProgression,
      firstSeen: r.typeProgression.firstSeen.map((f) => ({ type: f.type, at: iso(f.at) })),
    },
    expansionReasons: r.expansionReasons,
    stakeholderDetails: r.stakeholders.map((s) => ({
      ...s,
      firstSeen: iso(s.firstSeen),
      lastSeen: iso(s.lastSeen),
    })),
    timeline: r.timeline.map((e) => ({
      id: e.id,
      start: iso(e.start),
      end: iso(e.end),
      upcoming: e.start > now,
      status: e.status,
      meetingType: e.meetingType,
      title: e.title,
      seriesId: e.seriesId,
      externalPeople: e.externalPeople,
      internalPeople: e.internalPeople,
    })),
  };
}

/** The document, written an account at a time: `{"accounts":[`, one account a line, `]}`. */
export async function writeRelationships(
  accounts: readonly AccountRelationship[],
  now: number,
  sink: LineSink,
): Promise<void> {
  const write = async (line: string) => {
    const wait = sink.write(line);
    if (wait) await wait;
  };
  await write('{"accounts":[');
  for (let i = 0; i < accounts.length; i++) {
    const comma = i < accounts.length - 1 ? ',' : '';
    await write(
      `${JSON.stringify(accountDocument(accounts[i] as AccountRelationship, now))}${comma}`,
    );
  }
  await write(`],"asOf":${JSON.stringify(iso(now))}}`);
}

export interface RelationshipsFileOptions {
  /** A path, or `-` for `stdin`. */
  input: string;
  /** A path, or null for `stdout`. */
  output: string | null;
  /** The organisation context file, or null for none. */
  org: string | null;
  /** The instant the analysis is as of (the caller's clock, or `--as-of`). */
  now: number;
  onRejected?: (rejection: Rejection) => void;
  /** Defaults: the committed models, process.stdin and process.stdout. */
  models?: MeetingModels;
  stdin?: Readable;
  stdout?: Writable;
}

export interface RelationshipsFileResult {
  lines: number;
  events: number;
  rejected: number;
  accounts: number;
  ms: number;
}

/** Reads the events, analyses every account, and writes the document. */
export async function relationshipsFile(
  options: RelationshipsFileOptions,
): Promise<RelationshipsFileResult> {
  const started = performance.now();
  const fromStdin = options.input === '-';
  if (
    !fromStdin &&
    options.output !== null &&
    path.resolve(options.output) === path.resolve(options.input)
  )
    throw invalidInput('--output must not be the --input file');
  const [org, models] = await Promise.all([
    loadOrganisationContext(options.org),
    options.models ?? loadMeetingModels(),
  ]);
  const analyser = new MeetingAnalyser(org, models);
  const input = fromStdin ? null : await openInput(options.input);
  let read: ReadEvents;
  try {
    const lines = input
      ? readLines(inputStream(input), options.input)
      : readLines(options.stdin ?? process.stdin, 'stdin');
    read = await readEvents(lines, options.onRejected);
  } finally {
    await input?.close();
  }
  const accounts = analyseRelationships(relationshipMeetings(read.inputs, analyser), options.now);
  const output = options.output === null ? null : await openOutput(options.output);
  const sink = new LineSink(
    output ? output.createWriteStream() : (options.stdout ?? process.stdout),
  );
  await writeRelationships(accounts, options.now, sink).finally(() => sink.close(output !== null));
  return {
    lines: read.lines,
    events: read.inputs.length,
    rejected: read.rejected,
    accounts: accounts.length,
    ms: performance.now() - started,
  };
}
