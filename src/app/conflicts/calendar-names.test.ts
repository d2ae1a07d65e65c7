import { describe, expect, it } from 'vitest';
import { calendarNames } from './calendar-names.js';

describe('calendar names for conflict wording', () => {
  const connections = [
    { id: 'k1', label: 'ana@northwind.io' },
    { id: 'k2', label: 'ana.ruiz@gmail.com' },
    { id: 'k3', label: 'Mixed' },
  ];

  it('says the provider and the name, and the account only when two calendars read the same', () => {
    const names = calendarNames(
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

  it('numbers calendars that nothing else tells apart, and never shows an id', () => {
    const names = calendarNames(
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
    expect([...names.values()].join(' ')).not.toMatch(/-id/);
  });
});
