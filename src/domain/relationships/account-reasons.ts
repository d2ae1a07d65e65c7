/** An account's reasons, for a salesperson: the stage's, then trends, stakeholders and series. */
import { RECENT_DAYS } from './definitions.js';
import type { Headline } from './account-basis.js';
import type { FunnelType } from './model.js';
import type { StageVerdict } from './stage.js';
import { counted, text } from './text.js';
import { compact } from './compact.js';
import { wordsOnly, type Reason } from './reason-parts.js';

/** What the reasons say about a series. */
export interface SeriesAttendanceNote {
  title: string;
  stoppedComing: readonly string[];
}

export interface ReasonFacts {
  headline: Headline;
  verdict: StageVerdict;
  /** How the stakeholders widened recently (none: they did not). */
  expansionReasons: readonly string[];
  furthest: FunnelType | null;
  series: readonly SeriesAttendanceNote[];
}

/** The account's reasons, in English and in parts: the stage's, then words only. */
export function accountReasons(facts: ReasonFacts): { reasons: string[]; reasonParts: Reason[] } {
  const more = furtherReasons(facts);
  return {
    reasons: compact([...facts.verdict.reasons, ...more]),
    reasonParts: compact([...facts.verdict.reasonParts, ...more.map(wordsOnly)]),
  };
}

/** What the trends, stakeholders and series say, after the stage's reasons. */
function furtherReasons({
  headline,
  verdict,
  expansionReasons,
  furthest,
  series,
}: ReasonFacts): string[] {
  const reasons: string[] = [];
  if (headline.cadenceTrend === 'accelerating') reasons.push('meetings are getting more frequent');
  if (headline.cadenceTrend === 'slowing') reasons.push('meetings are getting less frequent');
  if (headline.durationTrend === 'growing') reasons.push('meetings are getting longer');
  if (headline.durationTrend === 'shrinking') reasons.push('meetings are getting shorter');
  if (verdict.stage !== 'expanding') reasons.push(...expansionReasons);
  const joined = headline.newStakeholdersLast90Days;
  if (expansionReasons.length === 0 && joined > 0)
    reasons.push(
      text`${counted(joined, 'external person', 'external people')} took part for the first time in the last ${RECENT_DAYS} days`,
    );
  if (furthest) reasons.push(text`furthest meeting type reached: ${furthest}`);
  for (const one of series)
    if (one.stoppedComing.length > 0)
      reasons.push(text`stopped coming to "${one.title}": ${one.stoppedComing.join(', ')}`);
  return reasons;
}
