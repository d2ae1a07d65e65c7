/**
 * `calintel analyze` as a use case (contract: analysis-io.md): JSON Lines of events in, one JSON
 * line per valid event out, in input order. The input is streamed a line at a time and the output
 * written in chunks, so memory stays flat whatever the size of the file; a bad line is reported
 * with its line number and skipped.
 *
 * The meeting-type model reads the account's history (see account-history.ts for the two ways it
 * is counted); detection does not. The analyser asks for the history only when it types a sales
 * meeting with an account, so each event is analysed once and only sales meetings are counted.
 */
import { RepeatedIds } from './repeated-ids.js';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { EventLineError, parseEventLine } from '../../domain/analysis/event-line.js';
import {
  MeetingAnalyser,
  type MeetingAnalysis,
  type MeetingModels,
  type MeetingType,
} from '../../domain/detection/analyse.js';
import type { MeetingInput } from '../../domain/detection/features.js';
import { invalidInput } from '../../domain/errors.js';
import {
  SeenSoFarHistory,
  WholeFileHistory,
  type HistoryMode,
  type HistorySource,
} from './account-history.js';
import { loadMeetingModels, loadOrganisationContext } from './analysis-inputs.js';

/** One output line, with exactly the contract's fields in the contract's order. */
export interface AnalysisLine {
  id: string;
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: MeetingType | null;
  typeConfidence: number | null;
  accountId: string | null;
  matchedLeadIds: string[];
  matchedContactIds: string[];
  externalDomains: string[];
  reasons: string[];
}

export function toAnalysisLine(analysis: MeetingAnalysis): AnalysisLine {
  const sales = analysis.isSalesMeeting;
  return {
    id: analysis.id,
    isSalesMeeting: sales,
    confidence: analysis.confidence,
    meetingType: sales ? analysis.meetingType : null,
    typeConfidence: sales ? analysis.typeConfidence : null,
    accountId: analysis.accountId,
    matchedLeadIds: analysis.matchedLeadIds,
    matchedContactIds: analysis.matchedContactIds,
    externalDomains: analysis.externalDomains,
    reasons: analysis.reasons,
  };
}

/** A line that was skipped, and why (the reason from parseEventLine). */
export interface Rejection {
  line: number;
  reason: string;
}

export interface AnalyzeProgress {
  /** 1, or 1 and 2 with `--history file`. */
  pass: number;
  passes: number;
  lines: number;
  elapsedMs: number;
}

export interface AnalyzeHooks {
  onRejected?: (rejection: Rejection) => void;
  /** Called about twice a second while lines are read. */
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Something worth saying that rejects nothing (at most once per kind). */
  onWarning?: (message: string) => void;
}

export interface AnalyzeCounts {
  /** Lines read, blank ones included. */
  lines: number;
  /** Events analysed: one output line each. */
  events: number;
  rejected: number;
}

/** Where output lines go: joined into chunks, written with the stream's backpressure. */
export class LineSink {
  private chunk = '';
  private failure: Error | null = null;

  constructor(
    private readonly stream: Writable,
    private readonly chunkSize = 64 * 1024,
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Adds a line; returns a promise to wait for when the stream asks to slow down, else null. */
  write(line: string): Promise<void> | null {
    this.chunk += `${line}\n`;
    return this.chunk.length >= this.chunkSize ? this.flush() : null;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.chunk;
    this.chunk = '';
    if (chunk && !this.stream.write(chunk)) await this.drained();
  }

  /** Flushes what is left; ends the stream when it is ours (a file), not when it is stdout. */
  async close(end: boolean): Promise<void> {
    await this.flush();
    if (!end) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', done);
        this.stream.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(this.failure ?? new Error('output closed'));
      this.stream.once('drain', onDrain);
      this.stream.once('error', done);
      this.stream.once('close', onClose);
    });
  }
}

/**
 * The lines of a stream, one at a time (CRLF or LF). A read error ends the iteration with it,
 * as an invalid-input error naming `name` when one is given.
 */
export async function* readLines(input: Readable, name?: string): AsyncGenerator<string> {
  let failure: NodeJS.ErrnoException | null = null;
  const onError = (error: Error) => {
    failure ??= error;
  };
  input.on('error', onError);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (failure) break;
      yield line;
    }
  } catch (error) {
    // readline passes the stream's error on; anything else is not a read error.
    if (error !== failure) throw error;
  } finally {
    lines.close();
    input.off('error', onError);
  }
  if (failure) throw readError(failure, name);
}

function readError(error: NodeJS.ErrnoException, name: string | undefined): Error {
  return name
    ? invalidInput(`--input: cannot read ${name}: ${error.code ?? error.message}`)
    : error;
}

/**
 * Analyses one event. The history is asked for only when the event is typed, i.e. is a sales
 * meeting, and has an account (AnalyseContext.historyOf): one analysis per event.
 */
export function analyseEvent(
  analyser: MeetingAnalyser,
  input: MeetingInput,
  line: number,
  history: HistorySource,
): MeetingAnalysis {
  return analyser.analyse(input, {
    historyOf: (accountId) => history.before({ accountId, start: input.start, id: input.id, line }),
  });
}

/**
 * The event on one input line (1-based `line`), the reason it was rejected, or null for a blank
 * line. A byte-order mark on the first line is ignored.
 */
export function readEventLine(raw: string, line: number): MeetingInput | Rejection | null {
  const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return null;
  try {
    return parseEventLine(text).input;
  } catch (error) {
    if (!(error instanceof EventLineError)) throw error;
    return { line, reason: error.message };
  }
}

function isRejection(value: MeetingInput | Rejection): value is Rejection {
  return 'reason' in value;
}

function progressTicker(hooks: AnalyzeHooks, pass: number, passes: number): (line: number) => void {
  const started = performance.now();
  let last = started;
  const report = hooks.onProgress;
  if (!report) return () => {};
  return (line) => {
    if ((line & 255) !== 0) return;
    const now = performance.now();
    if (now - last < 500) return;
    last = now;
    report({ pass, passes, lines: line, elapsedMs: now - started });
  };
}

/**
 * The analysis of every event of `lines` into `sink`, in input order: the core of the command,
 * without files (tests and the benchmark call it too).
 */
export async function analyzeLines(
  lines: AsyncIterable<string>,
  analyser: MeetingAnalyser,
  sink: LineSink,
  options: AnalyzeHooks & { history?: HistorySource; pass?: number; passes?: number } = {},
): Promise<AnalyzeCounts> {
  const history = options.history ?? new SeenSoFarHistory();
  const counts: AnalyzeCounts = { lines: 0, events: 0, rejected: 0 };
  const tick = progressTicker(options, options.pass ?? 1, options.passes ?? 1);
  const ids = new RepeatedIds();
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    tick(line);
    const parsed = readEventLine(raw, line);
    if (parsed === null) continue;
    const input = isRejection(parsed) ? parsed : ids.check(parsed.id, line, parsed);
    if (isRejection(input)) {
      counts.rejected += 1;
      options.onRejected?.(input);
      continue;
    }
    const analysis = analyseEvent(analyser, input, line, history);
    counts.events += 1;
    const wait = sink.write(JSON.stringify(toAnalysisLine(analysis)));
    if (wait) await wait;
  }
  counts.lines = line;
  return counts;
}

/** First pass of `--history file`: every sales meeting with an account, by account. */
export async function collectWholeFileHistory(
  lines: AsyncIterable<string>,
  analyser: MeetingAnalyser,
  hooks: AnalyzeHooks = {},
): Promise<WholeFileHistory> {
  const history = new WholeFileHistory();
  const tick = progressTicker(hooks, 1, 2);
  const ids = new RepeatedIds();
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    tick(line);
    const parsed = readEventLine(raw, line);
    if (parsed === null || isRejection(parsed)) continue; // reported in the second pass
    const input = ids.check(parsed.id, line, parsed);
    if (isRejection(input)) continue;
    const analysis = analyser.analyse(input);
    if (analysis.isSalesMeeting && analysis.accountId)
      history.add({ accountId: analysis.accountId, start: input.start, id: input.id, line });
  }
  return history;
}

export interface AnalyzeFileOptions extends AnalyzeHooks {
  /** A path, or `-` for `stdin`. */
  input: string;
  /** A path, or null for `stdout`. */
  output: string | null;
  /** The organisation context file, or null for none. */
  org: string | null;
  history: HistoryMode;
  /** Defaults: the committed models, process.stdin and process.stdout. */
  models?: MeetingModels;
  stdin?: Readable;
  stdout?: Writable;
}

export interface AnalyzeFileResult extends AnalyzeCounts {
  ms: number;
}

/** Reads the inputs, analyses every event, and writes the output lines. */
export async function analyzeFile(options: AnalyzeFileOptions): Promise<AnalyzeFileResult> {
  const started = performance.now();
  const fromStdin = options.input === '-';
  if (fromStdin && options.history === 'file')
    throw invalidInput('--history file reads the input twice: give --input a file, not stdin');
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
  const hooks: AnalyzeHooks = { onRejected: options.onRejected, onProgress: options.onProgress };
  const input = fromStdin ? null : await openInput(options.input);
  try {
    let history: HistorySource = new SeenSoFarHistory(
      options.onWarning &&
        ((meeting) =>
          options.onWarning?.(
            `line ${meeting.line}: a sales meeting with ${meeting.accountId} starts before one on an earlier line; with --history seen, line order stands in for time from here on, so meeting types may differ from a file sorted by start (sort it, or use --history file)`,
          )),
    );
    const passes = options.history === 'file' ? 2 : 1;
    if (input && passes === 2) {
      await refuseUnlessRegular(input);
      history = await collectWholeFileHistory(
        readLines(inputStream(input, { rewind: true }), options.input),
        analyser,
        hooks,
      );
    }
    const output = options.output === null ? null : await openOutput(options.output);
    const sink = new LineSink(
      output ? output.createWriteStream() : (options.stdout ?? process.stdout),
    );
    const lines = input
      ? readLines(inputStream(input, { rewind: passes === 2 }), options.input)
      : readLines(options.stdin ?? process.stdin, 'stdin');
    const counts = await analyzeLines(lines, analyser, sink, {
      ...hooks,
      history,
      pass: passes,
      passes,
    }).finally(() => sink.close(output !== null));
    return { ...counts, ms: performance.now() - started };
  } finally {
    await input?.close();
  }
}

export async function openInput(file: string): Promise<FileHandle> {
  return open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput(`--input: cannot read ${file}: ${error.code ?? error.message}`);
  });
}

export async function openOutput(file: string): Promise<FileHandle> {
  return open(file, 'w').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput(`--output: cannot write ${file}: ${error.code ?? error.message}`);
  });
}

/**
 * A stream over the input that leaves the handle open. `rewind` reads from the start again (the
 * second pass of `--history file`); it is only for regular files, since a pipe or a terminal
 * (`--input /dev/stdin`, `--input <(cat events.jsonl)`) cannot seek and refuses a start (ESPIPE).
 */
export function inputStream(handle: FileHandle, options: { rewind?: boolean } = {}): Readable {
  return handle.createReadStream({
    ...(options.rewind ? { start: 0 } : {}),
    autoClose: false,
    highWaterMark: 1 << 16,
  });
}

/** `--history file` reads the input twice, which a pipe cannot give. */
async function refuseUnlessRegular(handle: FileHandle): Promise<void> {
  if (!(await handle.stat()).isFile())
    throw invalidInput(
      '--history file reads the input twice: give --input a regular file, not a pipe or stdin',
    );
}
