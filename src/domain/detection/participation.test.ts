import { describe, expect, it } from 'vitest';
import type { Attendee } from '../event.js';
import { buildCrmIndex } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { isSellerTitle, meetsTheirSeller, participationFeatures } from './participation.js';
import { phrase } from './reasons.js';

const CRM = buildCrmIndex({
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com', 'acme.de'] }],
  contacts: [
    { id: 'con-1', email: 'jane@acme.com', name: 'Jane', accountId: 'acc-1', title: 'CFO' },
    {
      id: 'con-2',
      email: 'sam@acme.com',
      name: 'Sam',
      accountId: 'acc-1',
      title: 'Key Account Manager',
    },
  ],
  leads: [],
});

function person(email: string, extra: Partial<Attendee> = {}): Attendee {
  return {
    email,
    name: null,
    responseStatus: 'accepted',
    optional: false,
    resource: false,
    ...extra,
  };
}

/** The participation features of a meeting on ana@northwind.io's calendar (or on nobody's known). */
function features(
  attendees: Attendee[],
  organizer = 'ana@northwind.io',
  calendarOwner: string | null = 'ana@northwind.io',
): Record<string, number> {
  const match = matchMeeting(
    { organizer: { email: organizer, name: null }, attendees, calendarOwner },
    CRM,
  );
  const named: Record<string, number> = {};
  participationFeatures(
    attendees,
    match,
    (name, value = 1) => {
      if (value !== 0) named[name] = value;
    },
    calendarOwner !== null,
  );
  return named;
}

describe('participationFeatures', () => {
  it('notices a colleague organising a call where the owner is optional or has not answered', () => {
    const optional = [
      person('bo@northwind.io'),
      person('ana@northwind.io', { optional: true }),
      person('jane@acme.com'),
    ];
    expect(features(optional, 'bo@northwind.io')).toEqual({
      organizer_colleague: 1,
      owner_optional: 1,
    });
    const pending = [
      person('ana@northwind.io', { responseStatus: 'tentative' }),
      person('jane@acme.com'),
    ];
    expect(features(pending, 'bo@northwind.io')).toMatchObject({ owner_optional: 1 });
  });

  it('sees no colleague organising it when the calendar owner is not known', () => {
    // An offline line may leave calendarOwner out: the internal organiser may be the owner.
    const attendees = [person('bo@northwind.io'), person('jane@acme.com')];
    expect(features(attendees, 'bo@northwind.io', null)).toEqual({});
  });

  it('reads not having answered as optional only where someone has answered', () => {
    // A line without responseStatus reads as needsAction for everyone: answers not known.
    const unknown = (email: string) => person(email, { responseStatus: 'needsAction' });
    const noAnswers = [
      unknown('ana@northwind.io'),
      unknown('bo@northwind.io'),
      unknown('jane@acme.com'),
    ];
    expect(features(noAnswers, 'bo@northwind.io')).toEqual({ organizer_colleague: 1 });
    const othersAnswered = [
      unknown('ana@northwind.io'),
      person('bo@northwind.io'),
      person('jane@acme.com'),
    ];
    expect(features(othersAnswered, 'bo@northwind.io')).toEqual({
      organizer_colleague: 1,
      owner_optional: 1,
    });
  });

  it("says why the owner reads as optional: invited so, or not answering a colleague's meeting", () => {
    const said = (attendees: Attendee[]) =>
      phrase(
        'owner_optional',
        matchMeeting(
          {
            organizer: { email: 'bo@northwind.io', name: null },
            attendees,
            calendarOwner: 'ana@northwind.io',
          },
          CRM,
        ),
        CRM,
      );
    const others = [person('bo@northwind.io'), person('jane@acme.com')];
    expect(said([person('ana@northwind.io', { optional: true }), ...others])).toBe(
      'you are only an optional attendee',
    );
    expect(said([person('ana@northwind.io', { responseStatus: 'needsAction' }), ...others])).toBe(
      'you have not accepted it, and a colleague organised it',
    );
  });

  it('does not call the owner optional on a meeting the owner organised', () => {
    const own = [
      person('ana@northwind.io', { responseStatus: 'needsAction' }),
      person('jane@acme.com'),
    ];
    expect(features(own)).toEqual({});
  });

  it('counts outside organisations: two or three together, four or more as a broadcast', () => {
    const two = [person('ana@northwind.io'), person('jane@acme.com'), person('k@partner.de')];
    expect(features(two)).toEqual({ several_organisations: 1 });
    const many = ['a.de', 'b.de', 'c.de', 'd.de'].map((d) => person(`x@${d}`));
    expect(features([person('ana@northwind.io'), ...many])).toEqual({ many_organisations: 1 });
    // One account is one organisation whatever its domains; free-mail addresses are people.
    const oneAccount = [person('ana@northwind.io'), person('jane@acme.com'), person('ops@acme.de')];
    expect(features(oneAccount)).toEqual({});
    const freeMail = [person('ana@northwind.io'), person('jane@acme.com'), person('bo@gmail.com')];
    expect(features(freeMail)).toEqual({});
  });

  it('recognises our office desk and investment firms among the invited', () => {
    const office = [
      person('ana@northwind.io'),
      person('office@northwind.io'),
      person('jane@acme.com'),
    ];
    expect(features(office)).toEqual({ office_mailbox: 1 });
    const investor = [person('ana@northwind.io'), person('lea@alpine-ventures.ch')];
    expect(features(investor)).toEqual({ investor_domain: 1 });
    expect(features([person('ana@northwind.io'), person('ops@sierranorte.vc')])).toEqual({
      investor_domain: 1,
    });
  });
});

describe('meetsTheirSeller', () => {
  it('is true when an outside CRM contact has a selling title', () => {
    const meeting = (email: string) =>
      matchMeeting(
        {
          organizer: { email: 'ana@northwind.io', name: null },
          attendees: [person('ana@northwind.io'), person(email)],
          calendarOwner: 'ana@northwind.io',
        },
        CRM,
      );
    expect(meetsTheirSeller(meeting('sam@acme.com'), CRM)).toBe(true);
    expect(meetsTheirSeller(meeting('jane@acme.com'), CRM)).toBe(false);
  });

  it('knows selling titles in several languages', () => {
    expect(isSellerTitle('Verkaufsleiter Objekteinrichtung')).toBe(true);
    expect(isSellerTitle('Gestora de Cuentas Corporativas')).toBe(true);
    expect(isSellerTitle('Head of Sales')).toBe(true);
    expect(isSellerTitle('Directrice des Ressources Humaines')).toBe(false);
    expect(isSellerTitle(null)).toBe(false);
  });
});
