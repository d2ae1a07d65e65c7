/**
 * `calintel conflicts` as a use case (contract: analysis-io.md): JSON Lines of events in, one JSON
 * line per conflict out (overlap, travel, duplicate), by person, then start.
 *
 * Every event is analysed by the sales-meeting analyser, as `calintel analyze` does, so that a
 * meeting's priority knows whether it is a sale, its type and its account's stage; events are
 * analysed in start order (then id) so that the account history the type model reads, and so
 * the output, do not depend on the order of the lines. The whole file is held in memory
 * (conflicts compare each person's events with one another).
 *
 * Whose calendar a line is: its `calendarOwner`. Lines without one belong to the file's only
 * named owner when exactly one is named, else all together to one unnamed person (written as
 * `"owner": null`; the owner's own declines cannot then be told).
 *
 * Fields read beyond the contract, when present (unknown fields are otherwise ignored):
 * `iCalUid` (or `uid`) and `calendarId`, to tell copies of one meeting on several calendars,
 * `calendarName` (what the wording calls the calendar; else the calendarId as the file writes it),
 * and `conferenceUrl`.
 */
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EventLineError, parseEventLine } from '../../domain/analysis/event-line.js';
import { findConferenceUrl } from '../../domain/conferencing.js';
import {
  availabilityFromEvents,
  detectConflicts,
  isValidZone,
  startOfDate,
  type Conflict,
  type ConflictEvent,
  type ConflictSettings,
  type Place,
  type Suggestion,
} from '../../domain/conflicts/index.js';
import {
  MeetingAnalyser,
  type MeetingAnalysis,
  type MeetingModels,
} from '../../domain/detection/analyse.js';
import type { MeetingInput } from '../../domain/detection/features.js';
import { invalidInput } from '../../domain/errors.js';
import { settingsFromScheduling } from '../conflicts/scheduling-schema.js';
import { SeenSoFarHistory } from './account-history.js';
import { collectValidLines } from './valid-lines.js';
import {
  analyseEvent,
  inputStream,
  LineSink,
  openInput,
  openOutput,
  readLines,
  type Rejection,
} from './analyze-file.js';
import {
  loadMeetingModels,
  loadOrganisationFile,
  type OrganisationFile,
} from './analysis-inputs.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** One valid input line: the analyser's input and the raw fields conflicts read besides. */
export interface ConflictLineInput {
  input: MeetingInput;
  /** The line's `start` and `end` as written (all-day dates are read in a zone later). */
  startText: string;
  endText: string;
  iCalUid: string | null;
  calendarId: string | null;
  calendarName: string | null;
  conferenceUrl: string | null;
  line: number;
}

/** The event on one line (1-based), the reason it was rejected, or null for a blank line. */
export function readConflictLine(raw: string, line: number): ConflictLineInput | Rejection | null {
  const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return null;
  try {
    const parsed = parseEventLine(text);
    const extra = parsed.raw;
    return {
      input: parsed.input,
      startText: String(extra.start),
      endText: String(extra.end),
      iCalUid: textField(extra.iCalUid) ?? textField(extra.uid),
      calendarId: textField(extra.calendarId),
      calendarName: textField(extra.calendarName),
      conferenceUrl: textField(extra.conferenceUrl),
      line,
    };
  } catch (error) {
    if (!(error instanceof EventLineError)) throw error;
    return { line, reason: error.message };
  }
}

function textField(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export interface ReadConflictLines {
  events: ConflictLineInput[];
  lines: number;
  rejected: number;
}

export async function readConflictLines(
  lines: AsyncIterable<string>,
  onRejected: (rejection: Rejection) => void = () => {},
): Promise<ReadConflictLines> {
  const read = await collectValidLines(lines, readConflictLine, onRejected, (e) => e.input.id);
  return { events: read.items, lines: read.lines, rejected: read.rejected };
}

/**
 * The conflict settings an organisation file describes (scheduling-schema.ts). A person's zone:
 * the file's `timeZones`, else `usualZones` (the zone most of their events were written in),
 * else `defaultTimeZone`.
 */
export function settingsFromOrganisation(
  org: OrganisationFile,
  usualZones: ReadonlyMap<string, string> = new Map(),
): ConflictSettings {
  const settings = settingsFromScheduling(org.scheduling, org.context.internalDomains);
  return {
    ...settings,
    timeZoneOf: (email) =>
      settings.timeZoneOf(email) ?? usualZones.get(email.trim().toLowerCase()) ?? null,
  };
}

/** Each owner's most frequent event zone (ties: the zone that sorts first). */
export function usualZones(
  events: readonly ConflictLineInput[],
  ownerOf: (read: ConflictLineInput) => string,
): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const read of events) {
    const zone = read.input.timeZone;
    if (!zone || !isValidZone(zone)) continue;
    const owner = ownerOf(read);
    const zones = counts.get(owner) ?? new Map<string, number>();
    zones.set(zone, (zones.get(zone) ?? 0) + 1);
    counts.set(owner, zones);
  }
  const usual = new Map<string, string>();
  for (const [owner, zones] of counts) {
    const [best] = [...zones].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
    if (best) usual.set(owner, best[0]);
  }
  return usual;
}

/** Whose lines without `calendarOwner` are: the only owner named, else '' (one unnamed person). */
export function ownerOfUnnamedLines(events: readonly ConflictLineInput[]): string {
  const named = new Set(
    events.flatMap((e) =>
      e.input.calendarOwner ? [e.input.calendarOwner.trim().toLowerCase()] : [],
    ),
  );
  return named.size === 1 ? ([...named][0] as string) : '';
}

/** The event as conflicts read it, with what detection found. */
export function toConflictEvent(
  read: ConflictLineInput,
  analysis: MeetingAnalysis,
  owner: string,
  analyser: MeetingAnalyser,
  settings: ConflictSettings,
): ConflictEvent {
  const { input } = read;
  const zone = input.timeZone ?? settings.timeZoneOf(owner) ?? settings.defaultTimeZone;
  const instant = (written: string, parsed: string) =>
    input.allDay && DATE_ONLY.test(written) ? startOfDate(written, zone) : Date.parse(parsed);
  const stage = analysis.accountId
    ? (analyser.index.accounts.get(analysis.accountId)?.stage ?? null)
    : null;
  return {
    id: input.id,
    owner,
    calendarId: read.calendarId,
    // The file's own word for the calendar: its name, else the id it gives it.
    calendarName: read.calendarName ?? (read.calendarId && `calendar '${read.calendarId}'`),
    iCalUid: read.iCalUid,
    title: input.title,
    description: input.description,
    location: input.location,
    conferenceUrl: read.conferenceUrl ?? findConferenceUrl(input.location, input.description),
    start: instant(read.startText, input.start),
    end: instant(read.endText, input.end),
    allDay: input.allDay,
    timeZone: input.timeZone,
    status: input.status,
    transparency: input.transparency,
    organizer: input.organizer,
    attendees: input.attendees,
    seriesId: input.seriesId,
    meeting: {
      isSalesMeeting: analysis.isSalesMeeting,
      confidence: analysis.confidence,
      meetingType: analysis.meetingType,
      accountId: analysis.accountId,
      accountStage: stage,
    },
  };
}

/**
 * Every conflict among the events: each is given its owner, analysed (in start order, then id),
 * and the conflicts detected per person with the organisation's settings.
 */
export function conflictsOf(
  events: readonly ConflictLineInput[],
  analyser: MeetingAnalyser,
  org: OrganisationFile,
  now: number,
): Conflict[] {
  const ordered = [...events].sort(
    (a, b) =>
      compare(a.input.start, b.input.start) || compare(a.input.id, b.input.id) || a.line - b.line,
  );
  const unnamed = ownerOfUnnamedLines(ordered);
  const ownerOf = (read: ConflictLineInput) =>
    read.input.calendarOwner?.trim().toLowerCase() || unnamed;
  const settings = settingsFromOrganisation(org, usualZones(ordered, ownerOf));
  const history = new SeenSoFarHistory();
  const conflictEvents = ordered.map((read) => {
    const owner = ownerOf(read);
    // The analyser reads the owner too (who is "us"): tell it the rule's answer.
    const input = owner ? { ...read.input, calendarOwner: owner } : read.input;
    const analysis = analyseEvent(analyser, input, read.line, history);
    return toConflictEvent(read, analysis, owner, analyser, settings);
  });
  return detectConflicts(conflictEvents, settings, availabilityFromEvents(conflictEvents), now);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One output line: the contract's fields in its order, then ours. */
export function toConflictLine(conflict: Conflict): Record<string, unknown> {
  return {
    kind: conflict.kind,
    eventIds: conflict.eventIds,
    start: iso(conflict.start),
    end: iso(conflict.end),
    severity: conflict.severity,
    suggestions: conflict.suggestions.map(toSuggestionLine),
    autoResolvable: conflict.autoResolvable,
    owner: conflict.owner || null,
    key: conflict.key,
    reasons: conflict.reasons,
    priorities: conflict.priorities,
    ...(conflict.travel
      ? {
          travel: {
            from: placeLine(conflict.travel.from),
            to: placeLine(conflict.travel.to),
            unknownPlaces: conflict.travel.unknownPlaces,
            distanceKm: conflict.travel.distanceKm,
            mode: conflict.travel.mode,
            minutesNeeded: conflict.travel.minutesNeeded,
            minutesAvailable: conflict.travel.minutesAvailable,
          },
        }
      : {}),
  };
}

function toSuggestionLine(suggestion: Suggestion): Record<string, unknown> {
  return {
    action: suggestion.action,
    eventId: suggestion.eventId,
    ...(suggestion.to
      ? { to: { start: iso(suggestion.to.start), end: iso(suggestion.to.end) } }
      : {}),
    ...(suggestion.delegateTo ? { delegateTo: suggestion.delegateTo } : {}),
    ...(suggestion.keepEventId ? { keepEventId: suggestion.keepEventId } : {}),
    why: suggestion.why,
  };
}

function placeLine(place: Place | null) {
  return place
    ? {
        label: place.label,
        source: place.source,
        lat: place.lat,
        lng: place.lng,
        notes: place.notes,
      }
    : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface ConflictsFileOptions {
  /** A path, or `-` for `stdin`. */
  input: string;
  /** A path, or null for `stdout`. */
  output: string | null;
  org: string | null;
  /** Epoch ms: suggestions only move meetings to after it. */
  now: number;
  onRejected?: (rejection: Rejection) => void;
  models?: MeetingModels;
  stdin?: Readable;
  stdout?: Writable;
}

export interface ConflictsFileResult {
  lines: number;
  events: number;
  rejected: number;
  conflicts: number;
  ms: number;
}

export async function conflictsFile(options: ConflictsFileOptions): Promise<ConflictsFileResult> {
  const started = performance.now();
  const fromStdin = options.input === '-';
  if (
    !fromStdin &&
    options.output !== null &&
    path.resolve(options.output) === path.resolve(options.input)
  )
    throw invalidInput('--output must not be the --input file');
  const [org, models] = await Promise.all([
    loadOrganisationFile(options.org),
    options.models ?? loadMeetingModels(),
  ]);
  const input = fromStdin ? null : await openInput(options.input);
  let read: ReadConflictLines;
  try {
    const lines = input
      ? readLines(inputStream(input), options.input)
      : readLines(options.stdin ?? process.stdin, 'stdin');
    read = await readConflictLines(lines, options.onRejected);
  } finally {
    await input?.close();
  }
  const conflicts = conflictsOf(
    read.events,
    new MeetingAnalyser(org.context, models),
    org,
    options.now,
  );
  const output = options.output === null ? null : await openOutput(options.output);
  const sink = new LineSink(
    output ? output.createWriteStream() : (options.stdout ?? process.stdout),
  );
  try {
    for (const conflict of conflicts) {
      const wait = sink.write(JSON.stringify(toConflictLine(conflict)));
      if (wait) await wait;
    }
  } finally {
    await sink.close(output !== null);
  }
  return {
    lines: read.lines,
    events: read.events.length,
    rejected: read.rejected,
    conflicts: conflicts.length,
    ms: performance.now() - started,
  };
}
