import type { RelationshipDetail } from '../../api/relationships';
import { humanize } from '../../lib/labels';

export interface StageChangeRow {
  key: string;
  changedAt: string;
  /** `First seen as New`, `Changed from New to Developing`. */
  text: string;
  /** Only the reasons the page does not already show for that stage. */
  reasons: string[];
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
  return changes.map((change, index) => ({
    key: `${change.changedAt}-${index}`,
    changedAt: change.changedAt,
    text:
      change.fromStage === null
        ? `First seen as ${humanize(change.toStage)}`
        : `Changed from ${humanize(change.fromStage)} to ${humanize(change.toStage)}`,
    reasons: change.reasons.filter((r) => !shownByStage.get(change.toStage)?.has(r)),
  }));
}
