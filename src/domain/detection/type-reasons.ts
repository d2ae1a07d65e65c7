/**
 * Reasons once the team has set a meeting's type: the model's reasons for it being a sales
 * meeting stay, but none may argue for another type than the one the team gave (a meeting
 * confirmed as a negotiation does not show "title mentions a demo or walkthrough"), and the type
 * model's own word ("looks like a demo meeting") gives way to the team's.
 */
import { MEETING_TYPES, type MeetingType } from './analyse.js';
import type { Concept } from './lexicon.js';
import { conceptReason, typeReason } from './reasons.js';

/** The concept that names each type's purpose, as the type model reads it. */
const CONCEPT_OF_TYPE: Readonly<Record<MeetingType, Concept | null>> = {
  discovery: 'discovery',
  demo: 'demo',
  negotiation: 'negotiation',
  follow_up: 'follow_up',
  closing: 'closing',
  other: null,
};

/** The reasons that argue for a type other than `type`, and every type model's word. */
function reasonsAgainst(type: MeetingType): Set<string> {
  const against = new Set<string>();
  for (const other of MEETING_TYPES) {
    against.add(typeReason(other));
    const concept = CONCEPT_OF_TYPE[other];
    if (other === type || !concept) continue;
    against.add(conceptReason('title', concept));
    against.add(conceptReason('description', concept));
  }
  return against;
}

const AGAINST = new Map(MEETING_TYPES.map((type) => [type, reasonsAgainst(type)]));

/** The model's reasons less those that contradict the type the team set, in their order. */
export function reasonsUnderTeamType(reasons: readonly string[], type: MeetingType): string[] {
  const against = AGAINST.get(type);
  return reasons.filter((reason) => !against?.has(reason));
}
