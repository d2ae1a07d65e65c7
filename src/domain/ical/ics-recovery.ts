/**
 * The slow path for a file ical.js refuses as a whole: cut it into top-level components by
 * lines, parse each on its own so that one bad block costs only itself, name the offending line,
 * and reassemble the good blocks into one calendar for ical.js.
 *
 * ical.js's errors carry no line numbers, so the bad line of a refused block is found by parsing
 * its lines one by one with ICAL.Property.fromString.
 */
import ICAL from 'ical.js';
import { eventEffect, type EventEffect } from './event-effects.js';
import { beginOrEnd, contentLines, looksLikeContentLine, type ContentLine } from './ics-lines.js';

export interface RecoveryProblem {
  line: number;
  message: string;
  /** The UID of the block the problem is in, when it has one. */
  uid: string | null;
  /**
   * A VEVENT block that cannot be read is left out; one kept without a broken line is kept
   * (eventOutcomes counts it).
   */
  effect?: EventEffect;
}

export interface Recovered {
  /** A cleaned calendar made of the blocks that parsed. */
  root: ICAL.Component;
  /** The original begin line of each VEVENT of `root`, in order. */
  veventLines: number[];
  problems: RecoveryProblem[];
}

export interface Block {
  name: string;
  lines: ContentLine[];
  /** The block's lines joined, made once: halving parses the same block several times. */
  text?: string;
}

function blockText(block: Block): string {
  return (block.text ??= block.lines.map((l) => l.text).join('\r\n'));
}

/** Outlook writes `DTSTART;TZID="W. Europe Standard Time:20200609T090000"`: value inside the quotes. */
export function repairQuotedTzid(text: string): string {
  return text.replace(/^([^:"]*;TZID=)"([^"]*?):(\d{8}(?:T\d{6}Z?)?)"\s*$/i, '$1"$2":$3');
}

function uidOf(block: Block): string | null {
  const line = block.lines.find((l) => /^UID[;:]/i.test(l.text));
  return line ? line.text.slice(line.text.indexOf(':') + 1).trim() || null : null;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // ical.js's own words for the most common mistake in a rule, said as the other issues say it.
  const frequency = /^invalid frequency "(.*)" expected: "(.*)"$/.exec(message);
  return frequency ? `RRULE FREQ "${frequency[1]}" is not one of ${frequency[2]}` : message;
}

/** A bad block's problem; a VEVENT's says that its event is left out. */
function blockProblem(block: Block, line: number, message: string): RecoveryProblem {
  const uid = uidOf(block);
  const effect =
    block.name === 'VEVENT' ? eventEffect('left_out', block.lines[0]!.line, uid) : undefined;
  return { line, uid, message, ...(effect ? { effect } : {}) };
}

/** What is skipped, as the other issues name it: a VEVENT is an event. */
function skippedName(block: Block): string {
  return block.name === 'VEVENT' ? 'event' : block.name;
}

/** A calendar text around the given content lines. */
export function wrap(texts: string[]): string {
  return ['BEGIN:VCALENDAR', ...texts, 'END:VCALENDAR', ''].join('\r\n');
}

/** Why a block ical.js refuses is bad: its first line ical.js cannot read, or the whole block. */
function describeBadBlock(block: Block, error: unknown): RecoveryProblem {
  for (const l of block.lines) {
    if (beginOrEnd(l.text)) continue;
    try {
      ICAL.Property.fromString(l.text);
    } catch (lineError) {
      const message = `line ${l.line}: ${errorMessage(lineError)}; ${skippedName(block)} skipped`;
      return blockProblem(block, l.line, message);
    }
  }
  const first = block.lines[0]!.line;
  const message = `line ${first}: ${block.name} could not be read (${errorMessage(error)}); skipped`;
  return blockProblem(block, first, message);
}

export interface ParsedBlock {
  block: Block;
  jcal: unknown[];
  /** Lines left out of a VEVENT kept without them (keepWithoutBrokenLines). */
  problems?: RecoveryProblem[];
}

/**
 * Properties an event cannot do without as written: without them it would be at another time,
 * another event, or a series missing its exceptions. A broken one of these still leaves the
 * event out; any other broken line (DESCRIPTION, LOCATION, an ATTENDEE, an X- property, a line
 * with no colon) is dropped and the event kept.
 */
const ESSENTIAL = new Set([
  'DTSTART',
  'DTEND',
  'DURATION',
  'RRULE',
  'RDATE',
  'EXDATE',
  'EXRULE',
  'RECURRENCE-ID',
  'UID',
  'STATUS',
  'TRANSP',
  'ORGANIZER',
]);

/** The property name a content line starts with, upper case ('' when it starts with none). */
function propertyName(text: string): string {
  return (/^[A-Za-z0-9-]+/.exec(text)?.[0] ?? '').toUpperCase();
}

/**
 * A VEVENT ical.js refused, read again without the lines it cannot read, when none of them is
 * essential; null when one is, when no single line is to blame, or when it still fails.
 */
function keepWithoutBrokenLines(block: Block): ParsedBlock | null {
  if (block.name !== 'VEVENT') return null;
  const broken = new Map<ContentLine, string>();
  for (const l of block.lines) {
    if (beginOrEnd(l.text)) continue;
    try {
      ICAL.Property.fromString(l.text);
    } catch (error) {
      broken.set(l, errorMessage(error));
    }
  }
  if (broken.size === 0 || [...broken.keys()].some((l) => ESSENTIAL.has(propertyName(l.text))))
    return null;
  const kept: Block = { name: block.name, lines: block.lines.filter((l) => !broken.has(l)) };
  let jcal: unknown[];
  try {
    jcal = ((ICAL.parse(wrap([blockText(kept)])) as unknown[])[2] as unknown[][])[0]!;
  } catch {
    return null;
  }
  const uid = uidOf(block);
  const effect = eventEffect('kept', block.lines[0]!.line, uid);
  const problems = [...broken].map(([l, why]) => ({
    line: l.line,
    uid,
    message: `line ${l.line}: ${propertyName(l.text) || 'the line'} could not be read (${why}); the event was kept without it`,
    ...(effect ? { effect } : {}),
  }));
  return { block, jcal, problems };
}

export interface BadBlock {
  block: Block;
  problem: RecoveryProblem;
}

/**
 * Parses blocks in halves: a run of good blocks is parsed once, and only a half that fails is
 * split again. One bad VEVENT among 50,000 costs about two parses of the file instead of 50,000
 * small ones. Results keep the blocks' order.
 */
export function parseBlocks(blocks: Block[], good: ParsedBlock[], bad: BadBlock[]): void {
  if (!blocks.length) return;
  try {
    const components = (ICAL.parse(wrap(blocks.map(blockText))) as unknown[])[2] as unknown[][];
    blocks.forEach((block, i) => good.push({ block, jcal: components[i]! }));
  } catch (error) {
    if (blocks.length === 1) {
      const kept = keepWithoutBrokenLines(blocks[0]!);
      if (kept) good.push(kept);
      else bad.push({ block: blocks[0]!, problem: describeBadBlock(blocks[0]!, error) });
      return;
    }
    const half = blocks.length >> 1;
    parseBlocks(blocks.slice(0, half), good, bad);
    parseBlocks(blocks.slice(half), good, bad);
  }
}

/** The calendar's own properties (X-WR-CALNAME...), each bad line skipped and reported. */
export function parseHeader(lines: ContentLine[], problems: RecoveryProblem[]): unknown[] {
  const good = lines.filter((l) => {
    try {
      ICAL.Property.fromString(l.text);
      return true;
    } catch (error) {
      const message = `line ${l.line}: ${errorMessage(error)}; line skipped`;
      problems.push({ line: l.line, uid: null, message });
      return false;
    }
  });
  return (ICAL.parse(wrap(good.map((l) => l.text))) as unknown[])[1] as unknown[];
}

interface Scan {
  calendarLines: ContentLine[];
  blocks: Block[];
  problems: RecoveryProblem[];
}

/** Cuts the lines into calendar properties and top-level component blocks. */
function scan(lines: ContentLine[]): Scan {
  const out: Scan = { calendarLines: [], blocks: [], problems: [] };
  let current: Block | null = null;
  let stack: string[] = [];
  const abandon = (why: string): void => {
    const begin = current!.lines[0]!.line;
    out.problems.push(
      blockProblem(current!, begin, `line ${begin}: ${current!.name} ${why}; skipped`),
    );
    current = null;
    stack = [];
  };
  for (const l of lines) {
    const text = repairQuotedTzid(l.text);
    const edge = beginOrEnd(text);
    const line = { line: l.line, text };
    if (current) {
      if (edge?.[0] === 'BEGIN' && (edge[1] === current.name || edge[1] === 'VCALENDAR'))
        abandon(`has no END:${current.name}`);
      else if (edge?.[0] === 'END' && edge[1] === 'VCALENDAR')
        abandon(`has no END:${current.name}`);
    }
    if (current) {
      current.lines.push(line);
      if (edge?.[0] === 'BEGIN') stack.push(edge[1]);
      if (edge?.[0] === 'END' && stack.pop() !== edge[1]) abandon(`has a stray END:${edge[1]}`);
      else if (stack.length === 0) {
        out.blocks.push(current);
        current = null;
      }
      continue;
    }
    if (edge?.[0] === 'BEGIN' && edge[1] !== 'VCALENDAR') {
      current = { name: edge[1], lines: [line] };
      stack = [edge[1]];
    } else if (edge) continue;
    else if (looksLikeContentLine(text)) out.calendarLines.push(line);
    else
      out.problems.push({
        line: l.line,
        uid: null,
        message: `line ${l.line}: not an iCalendar content line: "${text.slice(0, 60)}"`,
      });
  }
  if (current) abandon(`has no END:${(current as Block).name}`);
  return out;
}

/** Parses what can be parsed of a text ical.js refused as a whole. */
export function recoverCalendar(text: string): Recovered {
  const { calendarLines, blocks, problems } = scan(contentLines(text));
  const parsed: ParsedBlock[] = [];
  const bad: BadBlock[] = [];
  parseBlocks(blocks, parsed, bad);
  for (const b of bad) problems.push(b.problem);
  for (const p of parsed) problems.push(...(p.problems ?? []));
  const kept = parsed.filter((p) => p.block.name === 'VEVENT' || p.block.name === 'VTIMEZONE');
  const root = new ICAL.Component([
    'vcalendar',
    parseHeader(calendarLines, problems),
    kept.map((p) => p.jcal),
  ]);
  const veventLines = kept
    .filter((p) => p.block.name === 'VEVENT')
    .map((p) => p.block.lines[0]!.line);
  return { root, veventLines, problems: problems.sort((a, b) => a.line - b.line) };
}
