import type { ReasonPart, RelationshipDetail } from '../../api/relationships';
import { humanize } from '../../lib/labels';

export interface StageChangeRow {
  key: string;
  changedAt: string;
  /** `First seen as New`, `Changed from New to Developing`. */
  text: string;
  /** Only the reasons the page does not already show for that stage. */
  reasons: string[];
  /** Those reasons in parts, in the same order. */
  parts: ReasonPart[][];
}

/**
 * The stage changes calintel recorded as it analysed new meetings, oldest first. The stage
 * history (replayed from the meetings) and the current stage already give reasons; a change
 * repeats none of those for the same stage.
 */
export function stageChangeRows(
  changes: RelationshipDetail['stageChanges'],
  shown: readonly { stage: string; reasons: readonly string[] }[],
): StageChangeRow[] {
  const shownByStage = new Map<string, Set<string>>();
  for (const entry of shown) {
    const set = shownByStage.get(entry.stage) ?? new Set<string>();
    for (const reason of entry.reasons) set.add(reason);
    shownByStage.set(entry.stage, set);
  }
  return changes.map((change, index) => {
    const kept = change.reasons
      .map((reason, i) => ({ reason, parts: change.reasonParts[i] ?? [{ text: reason }] }))
      .filter(({ reason }) => !shownByStage.get(change.toStage)?.has(reason));
    return {
      key: `${change.changedAt}-${index}`,
      changedAt: change.changedAt,
      text:
        change.fromStage === null
          ? `First seen as ${humanize(change.toStage)}`
          : `Changed from ${humanize(change.fromStage)} to ${humanize(change.toStage)}`,
      reasons: kept.map((k) => k.reason),
      parts: kept.map((k) => k.parts),
    };
  });
}

/** A date as the server writes it in words: YYYY-MM-DD, in UTC. */
const SERVER_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/**
 * Whether a row shows a date the page could not write in the viewer's zone: a change recorded
 * before calintel kept reasons in parts has only its words, the server's UTC dates among them.
 * Parts never put a date in words (the domain's reason-parts test says so), so a date in a text
 * part is one of those.
 */
export function showsUtcDates(rows: readonly StageChangeRow[]): boolean {
  return rows.some((row) =>
    row.parts.some((parts) => parts.some((part) => 'text' in part && SERVER_DATE.test(part.text))),
  );
}
