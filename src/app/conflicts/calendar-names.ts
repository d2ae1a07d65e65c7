/**
 * What a person calls each of their calendars, for conflict wording: the provider and the
 * calendar's name ("Google 'Work'", "ICS calendar 'Mixed'"). Two calendars that would read the
 * same get the account or label of their connection ("Google 'Calendar' (ana@northwind.io)"),
 * and, should that not tell them apart either, their place among them ("(2)"). Ids never show.
 */

export interface NamedCalendar {
  id: string;
  connectionId: string;
  provider: string;
  name: string;
}

export interface NamedConnection {
  id: string;
  label: string;
}

const PROVIDER_WORDS: Readonly<Record<string, string>> = {
  google: 'Google',
  microsoft: 'Outlook',
  exchange: 'Exchange',
  caldav: 'CalDAV',
  ics: 'ICS calendar',
};

export function calendarNames(
  calendars: readonly NamedCalendar[],
  connections: readonly NamedConnection[],
): Map<string, string> {
  const labels = new Map(connections.map((c) => [c.id, c.label.trim()]));
  const base = (c: NamedCalendar) => {
    const word = PROVIDER_WORDS[c.provider] ?? c.provider;
    const name = c.name.trim();
    return name ? `${word} '${name}'` : `${word} calendar without a name`;
  };
  const withAccount = (c: NamedCalendar) => {
    const label = labels.get(c.connectionId);
    return label ? `${base(c)} (${label})` : base(c);
  };
  const names = new Map<string, string>();
  const sorted = [...calendars].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const group of groupBy(sorted, base).values()) {
    if (group.length === 1) {
      names.set((group[0] as NamedCalendar).id, base(group[0] as NamedCalendar));
      continue;
    }
    for (const same of groupBy(group, withAccount).values())
      same.forEach((c, i) =>
        names.set(c.id, same.length === 1 ? withAccount(c) : `${withAccount(c)} (${i + 1})`),
      );
  }
  return names;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
