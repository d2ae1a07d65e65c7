/**
 * What a problem of a calendar file did to the event it is about, so that an import can say how
 * many events it left out and how many it kept despite a problem, exactly, instead of a reader
 * guessing from the messages. Some problems leave their VEVENT out (a block that cannot be read,
 * no DTSTART, the duplicate master not kept); the others keep it and say what was done (an RRULE
 * that cannot be used: DTSTART alone; a DTEND before DTSTART: read the other way round).
 */

export type EventOutcome = 'left_out' | 'kept';

export interface EventEffect {
  outcome: EventOutcome;
  /**
   * Which VEVENT: its BEGIN line (`line 12`), or its UID when the line is unknown, so that an
   * event with several problems counts once.
   */
  event: string;
}

export interface EventOutcomeCounts {
  /** VEVENTs not imported because of a problem. */
  leftOut: number;
  /** VEVENTs imported despite a problem about them, none of whose problems left them out. */
  keptWithIssues: number;
}

/** The effect on the VEVENT that begins at `line` (or, when that is unknown, has `uid`). */
export function eventEffect(
  outcome: EventOutcome,
  line: number | null,
  uid: string | null,
): EventEffect | undefined {
  if (line !== null) return { outcome, event: `line ${line}` };
  return uid === null ? undefined : { outcome, event: `uid ${uid}` };
}

/** Counts the events that problems left out and kept, each event once; left out wins. */
export function countEventOutcomes(
  problems: Iterable<{ effect?: EventEffect | undefined }>,
): EventOutcomeCounts {
  const leftOut = new Set<string>();
  const kept = new Set<string>();
  for (const { effect } of problems) {
    if (effect === undefined) continue;
    (effect.outcome === 'left_out' ? leftOut : kept).add(effect.event);
  }
  let keptWithIssues = 0;
  for (const event of kept) if (!leftOut.has(event)) keptWithIssues += 1;
  return { leftOut: leftOut.size, keptWithIssues };
}
