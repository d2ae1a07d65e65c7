import { describe, expect, it } from 'vitest';
import { calendarNames, calendarWordingNames } from './calendar-names.js';

const connections = [
  { id: 'k1', label: 'ana@northwind.io' },
  { id: 'k2', label: 'ana.ruiz@gmail.com' },
  { id: 'k3', label: 'Mixed' },
];

describe('calendar names as the API shows them', () => {
  it('is the calendar’s own name, as GET /calendars/ says it, when no other calendar has it', () => {
    const names = calendarNames(
      [
        { id: 'f1', connectionId: 'k3', provider: 'ics', name: 'outlook.ics' },
        { id: 'f2', connectionId: 'k1', provider: 'google', name: ' Work ' },
      ],
      connections,
    );
    expect(Object.fromEntries(names)).toEqual({ f1: 'outlook.ics', f2: 'Work' });
  });

  it('adds the provider to tell one name on two providers apart, the account on one provider', () => {
    const names = calendarNames(
      [
        { id: 'a', connectionId: 'k1', provider: 'google', name: 'Calendar' },
        { id: 'b', connectionId: 'k1', provider: 'microsoft', name: 'Calendar' },
        { id: 'c', connectionId: 'k1', provider: 'caldav', name: 'Team' },
        { id: 'd', connectionId: 'k2', provider: 'caldav', name: 'Team' },
        { id: 'e', connectionId: 'k2', provider: 'google', name: 'Calendar' },
      ],
      connections,
    );
    expect(Object.fromEntries(names)).toEqual({
      a: 'Calendar (Google, ana@northwind.io)',
      b: 'Calendar (Outlook)',
      c: 'Team (ana@northwind.io)',
      d: 'Team (ana.ruiz@gmail.com)',
      e: 'Calendar (Google, ana.ruiz@gmail.com)',
    });
  });

  it('numbers calendars that nothing else tells apart, and never shows an id', () => {
    const names = calendarNames(
      [
        { id: 'b-id', connectionId: 'k1', provider: 'caldav', name: 'Team' },
        { id: 'a-id', connectionId: 'k1', provider: 'caldav', name: 'Team' },
        { id: 'c-id', connectionId: 'k1', provider: 'caldav', name: ' ' },
      ],
      connections,
    );
    expect(names.get('a-id')).toBe('Team (ana@northwind.io) (1)');
    expect(names.get('b-id')).toBe('Team (ana@northwind.io) (2)');
    expect(names.get('c-id')).toBe('calendar without a name');
    expect([...names.values()].join(' ')).not.toMatch(/-id/);
  });
});

describe('calendar names in the sentences of conflicts', () => {
  it('says the provider and the name, and the account only when two calendars read the same', () => {
    const names = calendarWordingNames(
      [
        { id: '8a1894d7', connectionId: 'k1', provider: 'google', name: 'Calendar' },
        { id: 'e06c31a6', connectionId: 'k2', provider: 'google', name: 'Calendar' },
        { id: 'f1', connectionId: 'k1', provider: 'google', name: 'Work' },
        { id: 'f2', connectionId: 'k3', provider: 'ics', name: 'Mixed' },
        { id: 'f3', connectionId: 'k1', provider: 'microsoft', name: 'Calendar' },
      ],
      connections,
    );
    expect(Object.fromEntries(names)).toEqual({
      '8a1894d7': "Google 'Calendar' (ana@northwind.io)",
      e06c31a6: "Google 'Calendar' (ana.ruiz@gmail.com)",
      f1: "Google 'Work'",
      f2: "ICS calendar 'Mixed'",
      f3: "Outlook 'Calendar'",
    });
  });

  it('numbers calendars that nothing else tells apart', () => {
    const names = calendarWordingNames(
      [
        { id: 'b-id', connectionId: 'k1', provider: 'caldav', name: 'Team' },
        { id: 'a-id', connectionId: 'k1', provider: 'caldav', name: 'Team' },
        { id: 'c-id', connectionId: 'k1', provider: 'caldav', name: ' ' },
      ],
      connections,
    );
    expect(names.get('a-id')).toBe("CalDAV 'Team' (ana@northwind.io) (1)");
    expect(names.get('b-id')).toBe("CalDAV 'Team' (ana@northwind.io) (2)");
    expect(names.get('c-id')).toBe('CalDAV calendar without a name');
  });
});
