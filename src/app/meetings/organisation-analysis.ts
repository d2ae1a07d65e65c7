/**
 * Everything detection needs about one organisation, loaded once per job: the analyser over its
 * CRM (accounts, leads, contacts from the store, internal domains from the organisation) and the
 * adjustment its feedback taught, when it was fitted on the models in use.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  MeetingAnalyser,
  type MeetingModels,
  type OrganisationAdjustment,
} from '../../domain/detection/analyse.js';
import { MIN_DETECTION_EXAMPLES } from '../../domain/detection/adapt.js';
import {
  CrmIndexBuilder,
  type CrmAccount,
  type CrmContact,
  type CrmLead,
} from '../../domain/matching/crm.js';
import type {
  Account,
  Contact,
  Lead,
  MeetingAdjustment,
  OrgScope,
  Store,
} from '../../store/store.js';

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

/**
 * CRM records indexed between two turns of the event loop. Reading and indexing a large CRM
 * (50,000 accounts) at once held up every request of the process for seconds, once per user's
 * detection job (QA: GET /me took 8-10 s after a one-account PUT); a slice is a few ms.
 */
const RECORDS_PER_TURN = 2_000;

export async function loadOrganisationAnalysis(
  store: Store,
  scope: OrgScope,
  models: MeetingModels,
): Promise<OrganisationAnalysis> {
  const organisation = await store.organisations.get(scope);
  // Each read of a large CRM is one synchronous stretch on SQLite: let others run after each.
  const accounts = await store.crm.listAccounts(scope);
  await nextTurn();
  const leads = await store.crm.listLeads(scope);
  await nextTurn();
  const contacts = await store.crm.listContacts(scope);
  await nextTurn();
  const stored = await store.meetings.getAdjustment(scope);
  const builder = new CrmIndexBuilder();
  await inSlices(accounts, (slice) => builder.addAccounts(slice.map(toCrmAccount)));
  await inSlices(leads, (slice) => builder.addLeads(slice.map(toCrmLead)));
  await inSlices(contacts, (slice) => builder.addContacts(slice.map(toCrmContact)));
  return {
    analyser: MeetingAnalyser.over(builder.build(organisation?.internalDomains ?? []), models),
    adjustment: adjustmentInUse(stored, models),
    modelVersion: models.version,
    accounts: new Map(accounts.map((a) => [a.id, a])),
    leadExternalIds: externalIds(leads),
    contactExternalIds: externalIds(contacts),
  };
}

/** Hands `records` to `add` RECORDS_PER_TURN at a time, letting the event loop turn after each. */
async function inSlices<T>(records: readonly T[], add: (slice: readonly T[]) => void) {
  for (let at = 0; at < records.length; at += RECORDS_PER_TURN) {
    add(records.slice(at, at + RECORDS_PER_TURN));
    await nextTurn();
  }
}

/** The organisation context's fields of each record (the contract's, analysis-io.md). */
function toCrmAccount(a: Account): CrmAccount {
  return { id: a.id, name: a.name, domains: a.domains, stage: a.stage };
}

function toCrmLead(l: Lead): CrmLead {
  return { id: l.id, email: l.email, name: l.name, accountId: l.accountId, company: l.company };
}

function toCrmContact(c: Contact): CrmContact {
  return { id: c.id, email: c.email, name: c.name, accountId: c.accountId, title: c.title };
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
