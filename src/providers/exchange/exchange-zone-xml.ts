/**
 * A calendar item's StartTimeZone read from the XML Exchange sent, not from ews-javascript-api.
 * For a zone no table knows (`Customized Time Zone`, defined inline by its periods and
 * transitions) the library builds a TimeZoneInfo that depends on the process's own zone: it
 * keeps each change's time of day as a date-time in year 1 read in that zone, which west of UTC
 * is 31 December of year 0, so its TransitionTime refuses it (Argument_DateTimeHasTicks) and
 * the item comes back with no StartTimeZone at all; everywhere it loses the time of day. Here
 * the definition (types.xsd: Periods, TransitionsGroups, Transitions) is read as text and
 * numbers only, so the result is the same in any process zone.
 */
import { XMLParser } from 'fast-xml-parser';
import { ianaNameOf, resolveTzid } from '../../domain/ical/time-zones.js';
import type { EwsDaylightRule, EwsTimeZoneDefinition, EwsTransitionTime } from './exchange-wire.js';

/** An item's StartTimeZone: its id, and for an id no table knows its definition or why not. */
export interface ItemZone {
  id: string | null;
  definition: EwsTimeZoneDefinition | null;
  /** Why a definition that was needed could not be read. */
  problem: string | null;
}

type Node = Record<string, unknown>;

const LISTS = new Set([
  'Period',
  'TransitionsGroup',
  'Transition',
  'AbsoluteDateTransition',
  'RecurringDayTransition',
  'RecurringDateTransition',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => LISTS.has(name),
});

const START_TIME_ZONE = /<(?:[\w.-]+:)?StartTimeZone\b([^>]*)>/g;
const ID_ATTRIBUTE = /\bId\s*=\s*(["'])(.*?)\1/;

/**
 * The StartTimeZone of each calendar item of a SOAP answer (GetItem, FindItem), by ItemId. An
 * answer that names only zones a table knows (nearly all) is not parsed again: the library
 * reads those by name. An answer that is not XML gives nothing.
 */
export function itemZonesOf(responseText: string): Map<string, ItemZone> {
  const zones = new Map<string, ItemZone>();
  if (!namesUnknownZone(responseText)) return zones;
  let document: unknown;
  try {
    document = parser.parse(responseText);
  } catch {
    return zones;
  }
  visit(document, (node) => {
    const itemId = attribute(node['ItemId'], 'Id');
    const zone = node['StartTimeZone'];
    if (itemId && isNode(zone)) zones.set(itemId, zoneOf(zone));
  });
  return zones;
}

function namesUnknownZone(text: string): boolean {
  for (const match of text.matchAll(START_TIME_ZONE)) {
    const id = ID_ATTRIBUTE.exec(match[1] ?? '')?.[2];
    if (id === undefined || !isKnown(unescapeXml(id))) return true;
  }
  return false;
}

function isKnown(id: string): boolean {
  return ianaNameOf(resolveTzid(id, null)) !== null;
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

function visit(value: unknown, onNode: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const entry of value) visit(entry, onNode);
    return;
  }
  if (!isNode(value)) return;
  onNode(value);
  for (const [key, child] of Object.entries(value)) if (!key.startsWith('@')) visit(child, onNode);
}

/** One StartTimeZone element: its id, and its definition when no table knows the id. */
export function zoneOf(element: Node): ItemZone {
  const id = attribute(element, 'Id') ?? attribute(element, 'Name');
  if (id !== null && isKnown(id)) return { id, definition: null, problem: null };
  const read = definitionOf(element);
  return typeof read === 'string'
    ? { id, definition: null, problem: read }
    : { id, definition: read, problem: null };
}

interface Group {
  /** Standard time's bias (minutes west of UTC, as EWS counts). */
  standardBias: number;
  rule: Omit<EwsDaylightRule, 'from' | 'until'> | null;
}

/**
 * A TimeZoneDefinition as standard time and its daylight rules, or why it cannot be read.
 * Standard time is the last group's (the one in force now); each group with a daylight period
 * is a rule from its transition's date to the day before the next one. Groups before the last
 * change of standard time are left out: the zone model has one standard offset.
 */
export function definitionOf(element: Node): EwsTimeZoneDefinition | string {
  const periods = new Map<string, number>();
  for (const period of list(node(element['Periods'])?.['Period'])) {
    const id = attribute(period, 'Id');
    const bias = durationMinutes(attribute(period, 'Bias'));
    if (id !== null && bias !== null) periods.set(id, bias);
  }
  if (periods.size === 0) return 'its definition has no period with a bias';
  const groups = new Map<string, Group | string>();
  for (const group of list(node(element['TransitionsGroups'])?.['TransitionsGroup']))
    groups.set(attribute(group, 'Id') ?? '', groupOf(group, periods));
  const spans = spansOf(node(element['Transitions']));
  if (spans.length === 0) return 'its definition has no transition to a group';
  const read: { from: string | null; group: Group }[] = [];
  for (const span of spans) {
    const group = groups.get(span.groupId);
    if (group === undefined) return `its definition names a group "${span.groupId}" it lacks`;
    if (typeof group === 'string') return group;
    read.push({ from: span.from, group });
  }
  const standardBias = read.at(-1)!.group.standardBias;
  let first = read.length - 1;
  while (first > 0 && read[first - 1]!.group.standardBias === standardBias) first--;
  const rules: EwsDaylightRule[] = [];
  for (let i = first; i < read.length; i++) {
    const { from, group } = read[i]!;
    const next = read[i + 1]?.from ?? null;
    if (group.rule)
      rules.push({ from: i === first ? null : from, until: dayBefore(next), ...group.rule });
  }
  return { standardOffset: -standardBias, rules };
}

/** A group: one period (no daylight time), or a change to daylight and one back each year. */
function groupOf(group: Node, periods: Map<string, number>): Group | string {
  const changes = [
    ...list(group['RecurringDayTransition']).map((t) => ({ t, fixed: false })),
    ...list(group['RecurringDateTransition']).map((t) => ({ t, fixed: true })),
  ];
  const plain = list(group['Transition']);
  if (changes.length === 0 && plain.length === 1) {
    const bias = periods.get(targetOf(plain[0]!) ?? '');
    return bias === undefined ? 'its definition names a period it lacks' : ruleless(bias);
  }
  if (changes.length !== 2 || plain.length > 0 || list(group['AbsoluteDateTransition']).length)
    return 'its definition has a transition group that is not two yearly changes';
  const read = changes.map(({ t, fixed }) => ({
    bias: periods.get(targetOf(t) ?? ''),
    time: transitionOf(t, fixed),
  }));
  if (read.some((change) => change.bias === undefined))
    return 'its definition names a period it lacks';
  const dated = read.flatMap(({ bias, time }) =>
    bias !== undefined && time ? [{ bias, time }] : [],
  );
  const [a, b] = dated;
  if (!a || !b) return 'its definition has a yearly change it does not date';
  if (a.bias === b.bias) return ruleless(a.bias);
  // Daylight time is the period further east: the smaller bias.
  const [standard, daylight] = a.bias > b.bias ? [a, b] : [b, a];
  return {
    standardBias: standard.bias,
    rule: {
      delta: standard.bias - daylight.bias,
      toDaylight: daylight.time,
      toStandard: standard.time,
    },
  };
}

function ruleless(bias: number): Group {
  return { standardBias: bias, rule: null };
}

/** The Transitions element: the first group from the start, the others from their dates. */
function spansOf(transitions: Node | null): { groupId: string; from: string | null }[] {
  if (!transitions) return [];
  const first = list(transitions['Transition']).map((t) => ({
    groupId: targetOf(t) ?? '',
    from: null,
  }));
  const dated = list(transitions['AbsoluteDateTransition']).flatMap((t) => {
    const date = /^(\d{4}-\d{2}-\d{2})/.exec(text(t['DateTime']) ?? '')?.[1];
    return date ? [{ groupId: targetOf(t) ?? '', from: date }] : [];
  });
  dated.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  return [...first.slice(0, 1), ...dated];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A RecurringDayTransition (week and weekday) or RecurringDateTransition (day of the month). */
function transitionOf(t: Node, fixed: boolean): EwsTransitionTime | null {
  const month = integer(t['Month']);
  if (month === null || month < 1 || month > 12) return null;
  const time = durationMinutes(text(t['TimeOffset']));
  if (fixed) {
    const day = integer(t['Day']);
    if (day === null || day < 1 || day > 31) return null;
    return { month, week: null, dayOfWeek: null, day, time };
  }
  const dayOfWeek = WEEKDAYS.indexOf(text(t['DayOfWeek']) ?? '');
  const occurrence = integer(t['Occurrence']);
  if (dayOfWeek < 0 || occurrence === null) return null;
  // -1 is the last such day of the month (as is 5, as Windows writes it).
  const week = occurrence === -1 ? 5 : occurrence;
  if (week < 1 || week > 5) return null;
  return { month, week, dayOfWeek, day: null, time };
}

/** The period or group a transition goes to (its t:To). */
function targetOf(t: Node): string | null {
  return text(t['To']);
}

/** An xs:duration of days, hours and minutes (`-PT1H`, `PT5H30M`, `P0DT2H`) in minutes. */
export function durationMinutes(value: string | null): number | null {
  const match = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value?.trim() ?? '',
  );
  if (!match || value?.trim().endsWith('T')) return null;
  const [, sign, days, hours, minutes, seconds] = match;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined)
    return null;
  const total =
    Number(days ?? 0) * 1440 +
    Number(hours ?? 0) * 60 +
    Number(minutes ?? 0) +
    Math.floor(Number(seconds ?? 0) / 60);
  return sign ? -total : total;
}

function dayBefore(date: string | null): string | null {
  if (date === null) return null;
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function node(value: unknown): Node | null {
  const one = Array.isArray(value) ? value[0] : value;
  return isNode(one) ? one : null;
}

function list(value: unknown): Node[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isNode);
}

function attribute(value: unknown, name: string): string | null {
  const found = node(value)?.[`@${name}`];
  return typeof found === 'string' && found !== '' ? found : null;
}

/** An element's text, whether the parser gave it as a string or beside attributes (`#text`). */
function text(value: unknown): string | null {
  const found = isNode(value) ? value['#text'] : value;
  return typeof found === 'string' && found.trim() !== '' ? found.trim() : null;
}

function integer(value: unknown): number | null {
  const found = text(value);
  if (found === null || !/^-?\d+$/.test(found)) return null;
  return Number(found);
}
