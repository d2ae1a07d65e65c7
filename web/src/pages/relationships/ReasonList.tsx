import type { ReasonPart } from '../../api/relationships';
import { writeReason, type ReasonClock } from './reason-parts';

interface ReasonListProps {
  /** The reasons in words: each item's key, and what it shows when it has no parts. */
  reasons: readonly string[];
  /** The same reasons in parts, in the same order. */
  parts: readonly (readonly ReasonPart[])[];
  clock: ReasonClock;
  className?: string;
}

/** Reasons written from their parts for the viewer (reason-parts.ts). */
export function ReasonList({ reasons, parts, clock, className }: ReasonListProps) {
  return (
    <ul className={className}>
      {reasons.map((reason, i) => {
        const reasonParts = parts[i];
        return <li key={reason}>{reasonParts ? writeReason(reasonParts, clock) : reason}</li>;
      })}
    </ul>
  );
}
