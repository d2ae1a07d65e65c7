/** Every event of the hand-labelled corpus, read, matched to its organisation's CRM and featured. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventLine } from '../../src/domain/analysis/event-line.js';
import { extractFeatures, type Features } from '../../src/domain/detection/features.js';
import type { MeetingInput } from '../../src/domain/detection/features.js';
import {
  buildCrmIndex,
  type CrmIndex,
  type OrganisationContext,
} from '../../src/domain/matching/crm.js';
import { matchMeeting, type MeetingMatch } from '../../src/domain/matching/match-meeting.js';

const CORPUS = join(import.meta.dirname, '../../corpus');
const ORGANISATIONS = ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica'];

export interface CorpusMeeting {
  input: MeetingInput;
  match: MeetingMatch;
  index: CrmIndex;
  base: Features;
}

export function* corpusMeetings(): Generator<CorpusMeeting> {
  for (const name of ORGANISATIONS) {
    const dir = join(CORPUS, name);
    const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as OrganisationContext;
    const index = buildCrmIndex(org);
    for (const line of readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { input } = parseEventLine(line);
      const match = matchMeeting(input, index);
      yield { input, match, index, base: extractFeatures(input, match, index) };
    }
  }
}
