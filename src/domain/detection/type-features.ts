/**
 * What the type classifier reads beyond the text: the account's CRM stage, where the meeting
 * falls in the account's history (a first meeting is rarely a negotiation), and who attends
 * (procurement, legal, finance, executives, by CRM title).
 */
import type { CrmIndex } from '../matching/crm.js';
import type { MeetingMatch } from '../matching/match-meeting.js';
import { perIndexMemo } from '../matching/per-index-memo.js';
import type { Features } from './features.js';

export interface AccountHistory {
  /** Sales meetings with this account before this one. */
  earlierMeetings: number;
  /** Days since the first of them, when there is one. */
  daysSinceFirst: number | null;
}

const TITLE_GROUPS: ReadonlyArray<[string, RegExp]> = [
  ['procurement', /procure|purchas|einkauf|achat|compra|sourcing|buyer/i],
  ['legal', /legal|counsel|jurist|juridique|abogad|lawyer|recht/i],
  ['finance', /cfo|financ|controll|treasur|finanz|comptab/i],
  [
    'executive',
    /\b(ceo|cfo|cto|coo|cio|chief|founder|president|vp|vice president|managing director|geschaftsfuhrer|directeur general|director general)\b/i,
  ],
  ['it', /\b(it|cio|cto|security|infosec|architect|engineer|devops|admin)\b/i],
];

export function typeFeatures(
  base: Features,
  match: MeetingMatch,
  index: CrmIndex,
  history: AccountHistory | undefined,
): Features {
  const named = new Map(base.named);
  const account = match.accountId ? index.accounts.get(match.accountId) : undefined;
  if (account?.stage) named.set(`stage:${account.stage}`, 1);
  if (history) {
    const n = history.earlierMeetings;
    named.set(n === 0 ? 'history:first' : n <= 2 ? 'history:early' : 'history:later', 1);
    if (history.daysSinceFirst !== null)
      named.set('history:days', Math.log1p(history.daysSinceFirst) / 5);
  }
  for (const person of match.externals) {
    for (const id of person.contactIds) for (const name of groupsOf(index, id)) named.set(name, 1);
  }
  return { ...base, named };
}

/**
 * The `attendee:` features of each contact, worked out once per CRM index: a contact's title
 * does not change within an index, and the same contacts attend meeting after meeting. No limit:
 * an index has at most as many entries as it has contacts.
 */
const groupsOf = perIndexMemo(titleGroups, Number.POSITIVE_INFINITY);

function titleGroups(index: CrmIndex, contactId: string): readonly string[] {
  const title = index.contactsById.get(contactId)?.title ?? null;
  return title
    ? TITLE_GROUPS.filter(([, pattern]) => pattern.test(title)).map(([g]) => `attendee:${g}`)
    : [];
}
