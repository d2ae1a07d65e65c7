/**
 * The demo's sales organisation, generated deterministically from a seed and an anchor day:
 * ten people at Northwind, 120 customer accounts with their contacts, six months of history and
 * two of future. Customer calls of every kind and language, internal meetings, recurring series
 * with moved and cancelled instances, personal blocks, trips, and a manager who books over demos.
 * The calendars come out as the Google emulator's seed (Google's event JSON), the accounts and
 * people as CRM records, so that the demo shows matching and detection on realistic data.
 */
import { DateTime } from 'luxon';
import type { GoogleEventInput, GoogleSeed } from '../../../emulators/google/types.js';
import { copyFor, meeting } from './demo-meeting.js';
import { businessDay, dateOf, isoOf, mulberry32 } from './demo-time.js';
import { pushAccountMeetings, type At, type Push } from './northwind-deals.js';
import {
  CITIES,
  COMPANY_FIRST,
  COMPANY_SECOND,
  FIRST_NAMES,
  LAST_NAMES,
  NORTHWIND_PEOPLE,
  TITLES,
  type DemoAccount,
  type DemoOrganisation,
  type DemoPerson,
} from './northwind-data.js';

export {
  NORTHWIND_DOMAIN,
  NORTHWIND_PEOPLE,
  type DemoAccount,
  type DemoOrganisation,
  type DemoPerson,
} from './northwind-data.js';

/** Builds the organisation; `anchor` is "today" (the demo uses the current week's Monday). */
export function buildNorthwind(anchor: Date, seedNumber = 42): DemoOrganisation {
  const random = mulberry32(seedNumber);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = [...NORTHWIND_PEOPLE];
  const owners = people.filter((p) => p.role === 'ae' || p.role === 'csm');
  const accounts = buildAccounts(owners, random, pick);
  const calendars = new Map<string, GoogleEventInput[]>(people.map((p) => [p.email, []]));
  const push = (email: string, event: GoogleEventInput) => calendars.get(email)?.push(event);
  const day0 = DateTime.fromJSDate(anchor, { zone: 'UTC' }).startOf('day');
  const at = (person: DemoPerson, dayOffset: number, hour: number, minute = 0) =>
    day0
      .plus({ days: dayOffset })
      .setZone(person.timeZone, { keepLocalTime: true })
      .set({ hour, minute });
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}${(serial++).toString(32).padStart(5, '0')}`;

  const deals = { people, anchor, at, nextId, push, random, pick, nextDays: new Map() };
  for (const account of accounts) pushAccountMeetings(account, deals);

  const leads = buildFreeMailLeads(random, pick);
  for (const [index, lead] of leads.entries()) {
    const sdr = people.find((p) => p.role === 'sdr') as DemoPerson;
    const day = businessDay(-60 + index * 6, anchor);
    push(
      sdr.email,
      meeting({
        id: nextId('lead'),
        title: `30 Minute Meeting between ${sdr.name} and ${lead.name}`,
        start: at(sdr, day, 15),
        minutes: 30,
        organizer: sdr,
        internal: [],
        external: [{ email: lead.email, name: lead.name, response: 'accepted' }],
        location: null,
        conference: 'zoom',
        description: `Company: ${lead.company}. Booked via Calendly.`,
        past: day < 0,
      }),
    );
  }

  for (const person of people) {
    pushInternalSeries(person, people, at, nextId, push);
    pushPersonalBlocks(person, at, nextId, push, random, anchor);
  }
  pushManagerOverlaps(people, calendars, nextId, push, anchor);
  pushTrips(people, at, nextId, push, anchor);

  const seed: GoogleSeed = {
    users: people.map((person) => ({
      email: person.email,
      name: person.name,
      calendars: [
        {
          id: person.email,
          summary: person.name,
          timeZone: person.timeZone,
          primary: true,
          events: calendars.get(person.email) ?? [],
        },
      ],
    })),
  };
  return { people, accounts, leads, seed };
}

function buildAccounts(
  owners: DemoPerson[],
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const first of COMPANY_FIRST) {
    for (const second of COMPANY_SECOND) {
      const name = `${first} ${second}`;
      const domain =
        `${first}${second}`.toLowerCase().replace(/[^a-z]/g, '') +
        pick(['.com', '.de', '.co.uk', '.fr', '.io']);
      const contacts = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => {
        const given = pick(FIRST_NAMES);
        const family = pick(LAST_NAMES);
        const local = `${given}.${family}`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z.]/g, '');
        return {
          email: `${local}${i > 0 ? i : ''}@${domain}`,
          name: `${given} ${family}`,
          title: pick(TITLES),
        };
      });
      // Prospects, deals in evaluation (a demo held or ahead), in negotiation, won and lost.
      const stage = pick([
        'prospecting',
        'demo',
        'demo',
        'negotiation',
        'closed_won',
        'closed_won',
        'closed_lost',
      ] as const);
      // Account executives win new business; customers are looked after by them and, twice as
      // many, by the customer success manager.
      const team =
        stage === 'closed_won'
          ? [...owners, ...owners.filter((p) => p.role === 'csm')]
          : owners.filter((p) => p.role === 'ae');
      const turn = accounts.filter((a) => (a.stage === 'closed_won') === (stage === 'closed_won'));
      accounts.push({
        name,
        domain,
        city: pick(CITIES),
        owner: (team[turn.length % team.length] as DemoPerson).email,
        stage,
        contacts,
      });
    }
  }
  return accounts;
}

function buildFreeMailLeads(random: () => number, pick: <T>(items: readonly T[]) => T) {
  return Array.from({ length: 12 }, (_, i) => {
    const given = pick(FIRST_NAMES);
    const family = pick(LAST_NAMES);
    const local = `${given}${family}${i}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9]/g, '');
    return {
      email: `${local}@${pick(['gmail.com', 'outlook.com', 'yahoo.com', 'gmx.de'])}`,
      name: `${given} ${family}`,
      company: `${pick(FIRST_NAMES)} ${pick(['Consulting', 'Studio', 'Ventures'])}${random() < 0.5 ? ' GmbH' : ''}`,
    };
  });
}

function pushInternalSeries(
  person: DemoPerson,
  people: DemoPerson[],
  at: At,
  nextId: (prefix: string) => string,
  push: Push,
): void {
  const manager = people.find((p) => p.role === 'manager') as DemoPerson;
  const monday = -182 - (((-182 % 7) + 7) % 7);
  const internalMeeting = (
    title: string,
    day: number,
    hour: number,
    minutes: number,
    rule: string,
    attendees: DemoPerson[],
  ) => {
    const organizer = attendees[0] as DemoPerson;
    const event = {
      ...meeting({
        id: nextId('int'),
        title,
        start: at(organizer, day, hour),
        minutes,
        organizer,
        internal: attendees.slice(1),
        external: [],
        location: null,
        conference: 'meet',
        description: null,
        past: true,
      }),
      recurrence: [rule],
    };
    for (const attendee of attendees) push(attendee.email, copyFor(event, attendee.email));
  };
  if (person.role === 'manager') {
    internalMeeting('Sales team weekly', monday, 9, 45, 'RRULE:FREQ=WEEKLY;BYDAY=MO', [
      person,
      ...people.filter((p) => p !== person),
    ]);
    internalMeeting('Pipeline review', monday + 3, 16, 60, 'RRULE:FREQ=WEEKLY;BYDAY=TH', [
      person,
      ...people.filter((p) => p.role === 'ae'),
    ]);
    return;
  }
  if (person.role === 'ae' || person.role === 'csm') {
    internalMeeting(
      `1:1 ${manager.name.split(' ')[0]} / ${person.name.split(' ')[0]}`,
      monday + 1,
      11,
      30,
      'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      [manager, person],
    );
  }
}

function pushPersonalBlocks(
  person: DemoPerson,
  at: At,
  nextId: (prefix: string) => string,
  push: Push,
  random: () => number,
  anchor: Date,
): void {
  push(person.email, {
    id: nextId('focus'),
    summary: 'Focus time',
    eventType: 'focusTime',
    transparency: 'opaque',
    start: { dateTime: isoOf(at(person, -180, 8)), timeZone: person.timeZone },
    end: { dateTime: isoOf(at(person, -180, 9, 30)), timeZone: person.timeZone },
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=WE,FR'],
  });
  for (let day = -170; day < 60; day += 9 + Math.floor(random() * 20)) {
    const businessDayOffset = businessDay(day, anchor);
    const label = ['Dentist', 'Lunch with Alex', 'Gym', 'Kids pickup', 'Doctor'][
      Math.floor(random() * 5)
    ] as string;
    push(person.email, {
      id: nextId('pers'),
      summary: label,
      visibility: 'private',
      start: { dateTime: isoOf(at(person, businessDayOffset, 12, 30)), timeZone: person.timeZone },
      end: { dateTime: isoOf(at(person, businessDayOffset, 13, 30)), timeZone: person.timeZone },
    });
  }
  const holiday = -100 + Math.floor(random() * 140);
  push(person.email, {
    id: nextId('ooo'),
    summary: 'Out of office',
    eventType: 'outOfOffice',
    start: { date: dateOf(at(person, holiday, 0)) },
    end: { date: dateOf(at(person, holiday + 5, 0)) },
  });
  push(person.email, {
    id: nextId('rmd'),
    summary: 'Reminder: quarterly report',
    transparency: 'transparent',
    start: { date: dateOf(at(person, 20, 0)) },
    end: { date: dateOf(at(person, 21, 0)) },
  });
}

/**
 * The manager books "quick syncs" over reps' next two demos: the overlaps the conflicts view
 * shows, in the weeks the rep is looking at.
 */
function pushManagerOverlaps(
  people: DemoPerson[],
  calendars: Map<string, GoogleEventInput[]>,
  nextId: (prefix: string) => string,
  push: Push,
  anchor: Date,
): void {
  const manager = people.find((p) => p.role === 'manager') as DemoPerson;
  const startOf = (event: GoogleEventInput) => Date.parse(event.start?.dateTime ?? '');
  for (const rep of people.filter((p) => p.role === 'ae')) {
    const demos = (calendars.get(rep.email) ?? [])
      .filter((e) => /demo|Démo|walkthrough/i.test(e.summary ?? ''))
      .filter((e) => startOf(e) >= anchor.getTime())
      .sort((a, b) => startOf(a) - startOf(b));
    for (const demo of demos.slice(0, 2)) {
      const start = DateTime.fromISO(demo.start?.dateTime ?? '').plus({ minutes: 15 });
      const event = meeting({
        id: nextId('ovl'),
        title: `Quick sync: ${rep.name.split(' ')[0]} forecast`,
        start,
        minutes: 30,
        organizer: manager,
        internal: [rep],
        external: [],
        location: null,
        conference: 'meet',
        description: null,
        past: false,
      });
      push(manager.email, event);
      push(rep.email, copyFor(event, rep.email));
    }
  }
}

function pushTrips(
  people: DemoPerson[],
  at: At,
  nextId: (prefix: string) => string,
  push: Push,
  anchor: Date,
): void {
  for (const person of people.filter((p) => p.role === 'ae').slice(0, 3)) {
    const day = businessDay(9, anchor);
    push(person.email, {
      id: nextId('trip'),
      summary: `Flight ${person.city === 'London' ? 'LHR → MUC' : 'BER → LHR'}`,
      location:
        person.city === 'London' ? 'London Heathrow (LHR)' : 'Berlin Brandenburg Airport (BER)',
      start: { dateTime: isoOf(at(person, day, 7)), timeZone: person.timeZone },
      end: { dateTime: isoOf(at(person, day, 9)), timeZone: person.timeZone },
    });
    push(person.email, {
      id: nextId('trip'),
      summary: 'Customer visit: Acme Robotics',
      location: person.city === 'London' ? 'Acme Robotics, Munich' : 'Acme Robotics, London',
      start: { dateTime: isoOf(at(person, day, 9, 30)), timeZone: person.timeZone },
      end: { dateTime: isoOf(at(person, day, 11)), timeZone: person.timeZone },
    });
  }
}
