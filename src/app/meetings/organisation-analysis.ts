/**
 * Everything detection needs about one organisation, loaded once per job: the analyser over its
 * CRM (accounts, leads, contacts from the store, internal domains from the organisation) and the
 * adjustment its feedback taught, when it was fitted on the models in use.
 */
import {
  MeetingAnalyser,
  type MeetingModels,
  type OrganisationAdjustment,
} from '../../domain/detection/analyse.js';
import { MIN_DETECTION_EXAMPLES } from '../../domain/detection/adapt.js';
import type { OrganisationContext } from '../../domain/matching/crm.js';
import type { Account, MeetingAdjustment, OrgScope, Store } from '../../store/store.js';

export interface OrganisationAnalysis {
  analyser: MeetingAnalyser;
  adjustment: OrganisationAdjustment | null;
  modelVersion: string;
  /** The organisation's accounts by id, for showing a meeting's account. */
  accounts: ReadonlyMap<string, Account>;
  /** The CRM's own ids (externalId) of its leads and contacts that have one, by calintel's id. */
  leadExternalIds: ReadonlyMap<string, string>;
  contactExternalIds: ReadonlyMap<string, string>;
}

export async function loadOrganisationAnalysis(
  store: Store,
  scope: OrgScope,
  models: MeetingModels,
): Promise<OrganisationAnalysis> {
  const organisation = await store.organisations.get(scope);
  const accounts = await store.crm.listAccounts(scope);
  const leads = await store.crm.listLeads(scope);
  const contacts = await store.crm.listContacts(scope);
  const stored = await store.meetings.getAdjustment(scope);
  const context: OrganisationContext = {
    internalDomains: organisation?.internalDomains ?? [],
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, domains: a.domains, stage: a.stage })),
    leads: leads.map((l) => ({
      id: l.id,
      email: l.email,
      name: l.name,
      accountId: l.accountId,
      company: l.company,
    })),
    contacts: contacts.map((c) => ({
      id: c.id,
      email: c.email,
      name: c.name,
      accountId: c.accountId,
      title: c.title,
    })),
  };
  return {
    analyser: new MeetingAnalyser(context, models),
    adjustment: adjustmentInUse(stored, models),
    modelVersion: models.version,
    accounts: new Map(accounts.map((a) => [a.id, a])),
    leadExternalIds: externalIds(leads),
    contactExternalIds: externalIds(contacts),
  };
}

function externalIds(
  people: readonly { id: string; externalId: string | null }[],
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const person of people)
    if (person.externalId !== null) ids.set(person.id, person.externalId);
  return ids;
}

/** The stored adjustment detection applies with these models, if any (see applicable). */
export function adjustmentInUse(
  stored: MeetingAdjustment | undefined,
  models: MeetingModels,
): OrganisationAdjustment | null {
  return stored && applicable(stored, models) ? stored.adjustment : null;
}

/**
 * Whether a stored adjustment may be applied. Not when it was fitted on other base models (it
 * would push the wrong weights), nor on fewer examples than adapt.ts adapts from (it is empty
 * then), nor when it has no cap: fitted before feedback was limited to what it supports (one
 * verdict could move every meeting of the organisation). Each is ignored until the next
 * adaptation refits it.
 */
function applicable(stored: MeetingAdjustment, models: MeetingModels): boolean {
  const cap = stored.adjustment.maxShift;
  return (
    stored.modelVersion === models.version &&
    stored.feedbackCount >= MIN_DETECTION_EXAMPLES &&
    typeof cap?.detection === 'number' &&
    typeof cap.types === 'number'
  );
}
