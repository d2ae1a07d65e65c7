/**
 * What a person calls each of their calendars, never by id.
 *
 * `calendarNames`: the calendar's own name, as GET /calendars/ and the sync status say it
 * ("outlook.ics"); the provider ("Calendar (Google)") and then the connection's account or label
 * ("Calendar (ana@northwind.io)") are added only to tell apart calendars of one name, and, should
 * that not do either, their place among them ("(2)").
 *
 * `calendarWordingNames`: for the sentences of conflict reasons and advice, where a bare name
 * reads as a word of the sentence: the provider and the quoted name ("Google 'Work'", "ICS
 * calendar 'Mixed'"), with the connection's label when two would read the same.
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

const providerWord = (c: NamedCalendar) => PROVIDER_WORDS[c.provider] ?? c.provider;

/** Each calendar's own name, qualified only where two calendars share it. */
export function calendarNames(
  calendars: readonly NamedCalendar[],
  connections: readonly NamedConnection[],
): Map<string, string> {
  const labels = labelsOf(connections);
  const names = new Map<string, string>();
  for (const group of groupBy(byId(calendars), plainName).values()) {
    if (group.length === 1) {
      names.set((group[0] as NamedCalendar).id, plainName(group[0] as NamedCalendar));
      continue;
    }
    // The provider tells them apart only when the group spans more than one.
    const providers = new Set(group.map((c) => c.provider)).size > 1;
    const qualified = (c: NamedCalendar, label: boolean) => {
      const parts = [
        providers ? providerWord(c) : '',
        label ? (labels.get(c.connectionId) ?? '') : '',
      ];
      const qualifier = parts.filter(Boolean).join(', ');
      return qualifier ? `${plainName(c)} (${qualifier})` : plainName(c);
    };
    for (const same of groupBy(group, (c) => qualified(c, false)).values())
      nameApart(same, (c) => (same.length === 1 ? qualified(c, false) : qualified(c, true)), names);
  }
  return names;
}

/** The provider and the quoted name, for sentences; the label added only where two read the same. */
export function calendarWordingNames(
  calendars: readonly NamedCalendar[],
  connections: readonly NamedConnection[],
): Map<string, string> {
  const labels = labelsOf(connections);
  const withAccount = (c: NamedCalendar) => {
    const label = labels.get(c.connectionId);
    return label ? `${wordingName(c)} (${label})` : wordingName(c);
  };
  const names = new Map<string, string>();
  for (const group of groupBy(byId(calendars), wordingName).values()) {
    if (group.length === 1)
      names.set((group[0] as NamedCalendar).id, wordingName(group[0] as NamedCalendar));
    else nameApart(group, withAccount, names);
  }
  return names;
}

function plainName(c: NamedCalendar): string {
  return c.name.trim() || 'calendar without a name';
}

function wordingName(c: NamedCalendar): string {
  const name = c.name.trim();
  return name ? `${providerWord(c)} '${name}'` : `${providerWord(c)} calendar without a name`;
}

/** Names each calendar by `name`, numbering those that still read the same. */
function nameApart(
  group: readonly NamedCalendar[],
  name: (c: NamedCalendar) => string,
  names: Map<string, string>,
): void {
  for (const same of groupBy(group, name).values())
    same.forEach((c, i) => names.set(c.id, same.length === 1 ? name(c) : `${name(c)} (${i + 1})`));
}

function labelsOf(connections: readonly NamedConnection[]): Map<string, string> {
  return new Map(connections.map((c) => [c.id, c.label.trim()]));
}

/** In id order, so that numbering is stable from one read to the next. */
function byId(calendars: readonly NamedCalendar[]): NamedCalendar[] {
  return [...calendars].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
