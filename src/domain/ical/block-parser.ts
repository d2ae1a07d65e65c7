/**
 * Parses the blocks scanBlocks() found, a chunk of them per ICAL.parse, and hands them out in
 * file order: so that only one chunk's jCal is being built at a time, never the whole file's.
 *
 * A chunk ical.js accepts gives exactly the jCal the whole-text parse gave for those components.
 * A chunk it refuses is read as recoverCalendar() reads every block of a refused file (repaired
 * lines, parsed in halves, the bad line named), so a broken block costs only itself, as before.
 */
import ICAL from 'ical.js';
import type { BlockSpan } from './ics-blocks.js';
import { contentLines } from './ics-lines.js';
import {
  parseBlocks,
  repairQuotedTzid,
  type BadBlock,
  type Block,
  type ParsedBlock,
  type RecoveryProblem,
} from './ics-recovery.js';

export type BlockOutcome =
  | { span: BlockSpan; jcal: unknown[]; problems?: RecoveryProblem[] }
  | { span: BlockSpan; problem: RecoveryProblem };

/**
 * Blocks per ICAL.parse: a chunk's jCal is then young garbage, not the whole file's tree. On the
 * benchmark file (500 B VEVENTs) chunks of 16 to 256 parsed in the same time, within noise, and
 * faster than the whole file at once (fewer old-generation collections); 64 keeps a chunk's
 * text near 32 KB.
 */
export const CHUNK_BLOCKS = 64;

/** The text ical.js parses for some blocks: their own lines, in a VCALENDAR. */
function chunkText(text: string, spans: readonly BlockSpan[]): string {
  const parts = ['BEGIN:VCALENDAR'];
  for (const span of spans) parts.push(text.slice(span.start, span.end));
  parts.push('END:VCALENDAR', '');
  return parts.join('\r\n');
}

/** A block as recoverCalendar() cuts it: unfolded, repaired lines numbered as in the file. */
function recoveryBlock(text: string, span: BlockSpan): Block {
  const lines = contentLines(text.slice(span.start, span.end)).map((l) => ({
    line: l.line + span.line - 1,
    text: repairQuotedTzid(l.text),
  }));
  return { name: span.name, lines };
}

/** The jCal of every block, or null when ical.js refuses the chunk as a whole. */
function parseWholeChunk(text: string, spans: readonly BlockSpan[]): unknown[][] | null {
  try {
    const components = (ICAL.parse(chunkText(text, spans)) as unknown[])[2] as unknown[][];
    return components.length === spans.length ? components : null;
  } catch {
    return null;
  }
}

/** A refused chunk, block by block as recovery reads them; outcomes in the blocks' order. */
function recoverChunk(text: string, spans: readonly BlockSpan[]): BlockOutcome[] {
  const spanOf = new Map(spans.map((span) => [recoveryBlock(text, span), span]));
  const blocks = [...spanOf.keys()];
  const good: ParsedBlock[] = [];
  const bad: BadBlock[] = [];
  parseBlocks(blocks, good, bad);
  const outcomes = new Map<Block, BlockOutcome>();
  for (const g of good)
    outcomes.set(g.block, {
      span: spanOf.get(g.block)!,
      jcal: g.jcal,
      ...(g.problems ? { problems: g.problems } : {}),
    });
  for (const b of bad) outcomes.set(b.block, { span: spanOf.get(b.block)!, problem: b.problem });
  return blocks.map((block) => outcomes.get(block)!);
}

/** Every block's jCal or problem, in file order, parsed `chunkBlocks` at a time. */
export function* parseSpans(
  text: string,
  spans: readonly BlockSpan[],
  chunkBlocks = CHUNK_BLOCKS,
): Generator<BlockOutcome> {
  for (let from = 0; from < spans.length; from += chunkBlocks) {
    const chunk = spans.slice(from, from + chunkBlocks);
    const whole = parseWholeChunk(text, chunk);
    if (whole) for (let i = 0; i < chunk.length; i++) yield { span: chunk[i]!, jcal: whole[i]! };
    else yield* recoverChunk(text, chunk);
  }
}
