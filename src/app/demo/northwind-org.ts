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
import { meeting, selfFor } from './demo-meeting.js';
import { basic, businessDay, dateOf, isoOf, mulberry32 } from './demo-time.js';
import {
  CITIES,
  COMPANY_FIRST,
  COMPANY_SECOND,
  FIRST_NAMES,
  LAST_NAMES,
  NORTHWIND_PEOPLE,
  TITLES,
  TITLES_BY_STAGE,
  type DemoAccount,
  type DemoOrganisation,
  type DemoPerson,
  type Stage,
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

  for (const account of accounts) {
    const owner = people.find((p) => p.email === account.owner) as DemoPerson;
    const se = people.find((p) => p.role === 'se') as DemoPerson;
    const stages: Stage[] = ['discovery', 'demo', 'follow_up', 'negotiation', 'closing'];
    const reach = { prospect: 1, evaluation: 3, negotiation: 4, customer: 5, lost: 2 }[
      account.stage
    ];
    let day = -175 + Math.floor(random() * 150);
    for (const stage of stages.slice(0, reach)) {
      day = businessDay(day + 5 + Math.floor(random() * 16), anchor);
      if (day > 60) break;
      const start = at(owner, day, 9 + Math.floor(random() * 8), random() < 0.5 ? 0 : 30);
      const minutes = stage === 'discovery' ? 30 : stage === 'demo' ? 60 : 45;
      const contacts = account.contacts.slice(
        0,
        1 + Math.floor(random() * account.contacts.length),
      );
      const inPerson = stage === 'negotiation' && random() < 0.4;
      const title = pick(TITLES_BY_STAGE[stage])
        .replace('{a}', account.name)
        .replace('{p}', owner.name)
        .replace('{c}', contacts[0]?.name ?? account.name);
      const withSe = stage === 'demo' || (stage === 'follow_up' && random() < 0.5);
      const event = meeting({
        id: nextId('cust'),
        title,
        start,
        minutes,
        organizer: owner,
        internal: withSe ? [se] : [],
        external: contacts.map((c) => ({
          ...c,
          response: pick(['accepted', 'accepted', 'tentative', 'needsAction'] as const),
        })),
        location: inPerson ? `${account.name} HQ, ${account.city}` : null,
        conference: inPerson ? null : random() < 0.7 ? 'meet' : 'zoom',
        description:
          stage === 'discovery' && random() < 0.3
            ? 'Booked via Calendly. Need to reschedule? https://calendly.com/northwind/30min'
            : null,
        past: day < 0,
      });
      push(owner.email, event);
      if (withSe) push(se.email, { ...event, attendees: selfFor(event, se.email) });
    }
    if (account.stage === 'customer' && random() < 0.5) {
      pushOnboardingSeries(account, owner, at, nextId, push, random);
    }
  }

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
  pushManagerOverlaps(people, calendars, nextId, push);
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
      accounts.push({
        name,
        domain,
        city: pick(CITIES),
        owner: (owners[accounts.length % owners.length] as DemoPerson).email,
        stage: pick([
          'prospect',
          'evaluation',
          'evaluation',
          'negotiation',
          'customer',
          'customer',
          'lost',
        ] as const),
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

type At = (person: DemoPerson, dayOffset: number, hour: number, minute?: number) => DateTime;
type Push = (email: string, event: GoogleEventInput) => void;

function pushOnboardingSeries(
  account: DemoAccount,
  owner: DemoPerson,
  at: At,
  nextId: (prefix: string) => string,
  push: Push,
  random: () => number,
): void {
  const id = nextId('onb');
  const startDay = -90 + Math.floor(random() * 40);
  const start = at(owner, startDay - (((startDay % 7) + 7) % 7) + 2, 14);
  const master = meeting({
    id,
    title: `${account.name} weekly onboarding check-in`,
    start,
    minutes: 30,
    organizer: owner,
    internal: [],
    external: account.contacts.slice(0, 2).map((c) => ({ ...c, response: 'accepted' as const })),
    location: null,
    conference: 'meet',
    description: null,
    past: true,
  });
  push(owner.email, { ...master, recurrence: ['RRULE:FREQ=WEEKLY;COUNT=16'] });
  // One week moved a day later, one cancelled: the exceptions a series carries in real life.
  const moved = start.plus({ weeks: 3 });
  push(owner.email, {
    ...master,
    id: `${id}_${basic(moved)}`,
    recurringEventId: id,
    originalStartTime: { dateTime: isoOf(moved), timeZone: owner.timeZone },
    start: { dateTime: isoOf(moved.plus({ days: 1 })), timeZone: owner.timeZone },
    end: { dateTime: isoOf(moved.plus({ days: 1, minutes: 30 })), timeZone: owner.timeZone },
  });
  const cancelled = start.plus({ weeks: 5 });
  push(owner.email, {
    id: `${id}_${basic(cancelled)}`,
    status: 'cancelled',
    recurringEventId: id,
    originalStartTime: { dateTime: isoOf(cancelled), timeZone: owner.timeZone },
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
    for (const attendee of attendees)
      push(attendee.email, { ...event, attendees: selfFor(event, attendee.email) });
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

/** The manager books "quick syncs" over reps' demos: the overlaps the conflicts view shows. */
function pushManagerOverlaps(
  people: DemoPerson[],
  calendars: Map<string, GoogleEventInput[]>,
  nextId: (prefix: string) => string,
  push: Push,
): void {
  const manager = people.find((p) => p.role === 'manager') as DemoPerson;
  for (const rep of people.filter((p) => p.role === 'ae')) {
    const demos = (calendars.get(rep.email) ?? []).filter((e) =>
      /demo|Démo|walkthrough/i.test(e.summary ?? ''),
    );
    for (const demo of demos.slice(-2)) {
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
      push(rep.email, { ...event, attendees: selfFor(event, rep.email) });
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
