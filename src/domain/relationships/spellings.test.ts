/**
 * One person, several spellings of their address: matching groups the meetings into one account
 * by mailbox (case, `+tag`, Gmail dots), and the relationship must count one person too, or a
 * new spelling reads as a new stakeholder and the account as expanding.
 */
import { describe, expect, it } from 'vitest';
import { atDays, external, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { AddressBook } from './address-book.js';
import { analyseAccount } from './analyse.js';
import type { RelationshipMeeting } from './model.js';
import { summariseAccount } from './summary.js';

const WEEKS = Array.from({ length: 20 }, (_, i) => i * 7);
const NOW = utc('2026-05-20T00:00:00Z');

/** 20 weekly meetings with one contact, who writes `later(i)` from the 17th meeting on. */
function weekly(account: string, first: string, later: (i: number) => string) {
  return atDays('w', '2026-01-05T15:00:00Z', WEEKS, (i) => ({
    accountKey: account,
    title: 'John <> Northwind | discovery call',
    externalPeople: [external(i < 16 ? first : later(i))],
  }));
}

function expectOnePerson(meetings: RelationshipMeeting[], account: string): void {
  const full = analyseAccount(account, meetings, NOW);
  expect(full.stakeholders).toHaveLength(1);
  expect(full.newStakeholdersLast90Days).toBe(0);
  expect(full.stakeholderExpansion).toBe(false);
  expect(full.stage).toBe('established');
  expect(full.series.map((s) => [s.kind, s.occurrences, s.attendance.length])).toEqual([
    ['implicit', 20, 2],
  ]);
  const summary = summariseAccount(account, meetings, NOW);
  expect(summary).toMatchObject({
    stakeholders: 1,
    newStakeholdersLast90Days: 0,
    stage: 'established',
  });
  expect(summary.series).toEqual([{ seriesId: 'implicit:w-1', occurrences: 20 }]);
}

describe('one person written several ways', () => {
  it('is one stakeholder of a free-mail account: case, Gmail dots and a +tag', () => {
    const meetings = weekly('johnsmith@gmail.com', 'johnsmith@gmail.com', (i) =>
      i % 2 ? 'John.Smith@gmail.com' : 'johnsmith+work@gmail.com',
    );
    expectOnePerson(meetings, 'johnsmith@gmail.com');
    const [stakeholder] = analyseAccount('johnsmith@gmail.com', meetings, NOW).stakeholders;
    expect(stakeholder).toMatchObject({ email: 'johnsmith@gmail.com', meetings: 20 });
  });

  it('is one stakeholder of a company account: a +tag', () => {
    const meetings = weekly('domain:acme.com', 'jdoe@acme.com', () => 'jdoe+x@acme.com');
    expectOnePerson(meetings, 'domain:acme.com');
  });

  it('is one attendee of copies of one meeting from two calendars', () => {
    const [mine, theirs] = ['mine', 'theirs'].map((id, i) =>
      meeting(id, '2026-01-05T15:00:00Z', {
        externalPeople: [
          external(i ? 'jdoe+x@acme.com' : 'JDoe@acme.com', {
            responseStatus: i ? 'accepted' : 'needsAction',
          }),
        ],
      }),
    ) as [RelationshipMeeting, RelationshipMeeting];
    const [entry] = analyseAccount('acc-1', [mine, theirs], NOW).timeline;
    expect(entry?.externalPeople.map((p) => [p.email, p.responseStatus])).toEqual([
      ['JDoe@acme.com', 'accepted'],
    ]);
  });

  it('is one person of the address book, with one pair of hashes', () => {
    const book = new AddressBook();
    const spellings = ['johnsmith@gmail.com', 'John.Smith@googlemail.com', 'johnsmith+w@gmail.com'];
    const entries = spellings.map((s) => book.of(s));
    expect(new Set(entries.map((e) => [e.person, e.email, e.hash1, e.hash2].join())).size).toBe(1);
    expect(book.size).toBe(1);
    expect(book.of('jane.doe@acme.com').email).toBe('jane.doe@acme.com');
  });
});
