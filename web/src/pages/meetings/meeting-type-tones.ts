import type { MeetingType } from '../../api/meetings';
import type { BadgeTone } from '../../components/Badge';

export const MEETING_TYPE_TONES: Record<MeetingType, BadgeTone> = {
  discovery: 'info',
  demo: 'purple',
  negotiation: 'warning',
  follow_up: 'neutral',
  closing: 'success',
  other: 'neutral',
};
