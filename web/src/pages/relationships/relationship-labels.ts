import type { RelationshipStage } from '../../api/relationships';
import type { BadgeTone } from '../../components/Badge';
import { humanize } from '../../lib/labels';

export const STAGE_TONES: Record<RelationshipStage, BadgeTone> = {
  new: 'info',
  developing: 'purple',
  established: 'success',
  expanding: 'success',
  at_risk: 'danger',
  dormant: 'neutral',
};

export function stageTone(stage: string): BadgeTone {
  return STAGE_TONES[stage as RelationshipStage] ?? 'neutral';
}

const TREND_WORDS: Record<string, string> = {
  accelerating: 'Accelerating (meetings closer together)',
  steady: 'Steady',
  slowing: 'Slowing (meetings further apart)',
  growing: 'Growing (meetings get longer)',
  stable: 'Stable',
  shrinking: 'Shrinking (meetings get shorter)',
  unknown: 'Not enough meetings to tell',
};

export function trendDescription(trend: string): string {
  return TREND_WORDS[trend] ?? humanize(trend);
}

/**
 * A trend in a word or two, for a table column or a filter: the same meaning as
 * trendDescription (the list said "Unknown" where the account page said "Not enough meetings to
 * tell").
 */
export function trendWord(trend: string): string {
  return trend === 'unknown' ? 'Too few meetings' : humanize(trend);
}

export function cadenceText(days: number | null): string {
  if (days === null) return 'No regular interval yet';
  const rounded = Math.round(days);
  return rounded === 1 ? 'About every day' : `About every ${rounded} days`;
}
