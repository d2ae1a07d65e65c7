/**
 * The hand-labelled corpus (corpus/<organisation>/): each organisation's CRM context and its
 * events with labels, as the training and evaluation scripts read them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventLine } from '../src/domain/analysis/event-line.js';
import type { MeetingInput } from '../src/domain/detection/features.js';
import type { MeetingType } from '../src/domain/detection/analyse.js';
import type { OrganisationContext } from '../src/domain/matching/crm.js';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'corpus');

export interface Label {
  isSalesMeeting: boolean;
  meetingType: MeetingType | null;
  category: string;
  language: string;
  split: 'train' | 'heldout';
}

export interface LabelledEvent {
  organisation: string;
  input: MeetingInput;
  label: Label;
}

export interface CorpusOrganisation {
  name: string;
  context: OrganisationContext;
  events: LabelledEvent[];
}

const EMPTY_CONTEXT: OrganisationContext = {
  internalDomains: [],
  accounts: [],
  leads: [],
  contacts: [],
};

export function loadCorpus(dir = CORPUS_DIR): CorpusOrganisation[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadOrganisation(dir, name));
}

function loadOrganisation(dir: string, name: string): CorpusOrganisation {
  const context = JSON.parse(
    readFileSync(join(dir, name, 'org.json'), 'utf8'),
  ) as OrganisationContext;
  const lines = readFileSync(join(dir, name, 'events.jsonl'), 'utf8').split('\n');
  const events: LabelledEvent[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const { input, raw } = parseEventLine(line);
    const label = raw['label'] as Label | undefined;
    if (!label) throw new Error(`${name}/events.jsonl line ${i + 1}: no label`);
    events.push({ organisation: name, input, label });
  });
  events.sort(
    (a, b) => a.input.start.localeCompare(b.input.start) || a.input.id.localeCompare(b.input.id),
  );
  return {
    name,
    context: { ...EMPTY_CONTEXT, ...context },
    events,
  };
}

/** The organisation's CRM with accounts only: how a new customer of the product starts. */
export function sparseContext(context: OrganisationContext): OrganisationContext {
  return { ...context, leads: [], contacts: [] };
}

/**
 * The event as a contract line gives it without the optional `calendarOwner` and attendees'
 * `responseStatus` (how parseEventLine reads their absence): what an export that lacks them
 * brings. Training sees each event both ways, so that a missing owner or answer means "not
 * known" rather than "a colleague's meeting nobody accepted".
 */
export function withoutOptionalFields(input: MeetingInput): MeetingInput {
  return {
    ...input,
    calendarOwner: null,
    calendarOwnerAliases: undefined,
    attendees: input.attendees.map((a) => ({ ...a, responseStatus: 'needsAction' as const })),
  };
}
