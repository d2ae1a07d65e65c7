/**
 * The usual interval after each touchpoint, as the stage rules look it up (trends.ts
 * cadenceAfterEach), and the longest gap it allows. The stage history reads it after every
 * touchpoint; the stage at `now` and the headline only after the last one, which the summary
 * works out alone.
 */
import { BROKEN_CADENCE_FACTOR, BROKEN_CADENCE_MIN_DAYS, DAY_MS } from './definitions.js';
import { cadenceAfterEach, cadenceAfterLast } from './trends.js';

/** The longest gap after a touchpoint that keeps its cadence (ms), or null if unknown. */
export function allowedGap(cadence: number | null): number | null {
  return cadence === null
    ? null
    : Math.max(BROKEN_CADENCE_FACTOR * cadence, BROKEN_CADENCE_MIN_DAYS * DAY_MS);
}

/** The lookup for touchpoints `points`: for the whole history, or as of now (the last one). */
export function cadencesOf(
  points: readonly number[],
  wanted: 'history' | 'as of now',
): CadenceLookup {
  return wanted === 'history' ? new EveryCadence(points) : new LastCadence(points);
}

/**
 * The usual interval after touchpoint k (trends.ts cadenceAfterEach; null when not known yet or
 * out of range), and allowedGap of it.
 */
export interface CadenceLookup {
  cadence(k: number): number | null;
  allowedGap(k: number): number | null;
}

/** Every touchpoint's cadence and allowed gap, worked out at once (the stage history reads all). */
class EveryCadence implements CadenceLookup {
  private readonly cadences: (number | null)[];
  private readonly allowedGaps: (number | null)[];

  constructor(points: readonly number[]) {
    this.cadences = cadenceAfterEach(points);
    this.allowedGaps = this.cadences.map(allowedGap);
  }

  cadence(k: number): number | null {
    return this.cadences[k] ?? null;
  }

  allowedGap(k: number): number | null {
    return this.allowedGaps[k] ?? null;
  }
}

/**
 * The last touchpoint's cadence alone, the only one the stage at `now` and the headline read
 * (every held meeting is by `now`); any other is worked out, all at once, when first asked for.
 */
class LastCadence implements CadenceLookup {
  private readonly last: number;
  private readonly lastCadence: number | null;
  private every: EveryCadence | null = null;

  constructor(private readonly points: readonly number[]) {
    this.last = points.length - 1;
    this.lastCadence = cadenceAfterLast(points);
  }

  cadence(k: number): number | null {
    return k === this.last && k >= 0 ? this.lastCadence : this.everyCadence().cadence(k);
  }

  allowedGap(k: number): number | null {
    return k === this.last && k >= 0
      ? allowedGap(this.lastCadence)
      : this.everyCadence().allowedGap(k);
  }

  private everyCadence(): EveryCadence {
    return (this.every ??= new EveryCadence(this.points));
  }
}
