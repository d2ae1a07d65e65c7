/**
 * Direct reads of ical.js's jCal arrays. ical.js builds a wrapper object for every property
 * asked for through its Component API; reading the arrays it already holds keeps a 50,000-event
 * import close to the cost of ICAL.parse itself.
 */
import type ICAL from 'ical.js';

/** A property as ical.js stores it: [name, parameters, value type, ...values]. */
export type JcalProperty = [string, Record<string, unknown>, string, ...unknown[]];

export function jcalProperties(component: ICAL.Component): JcalProperty[] {
  return (component.jCal[1] ?? []) as JcalProperty[];
}

/** The first property called `name` (lower case, as jCal names are). */
export function firstProperty(component: ICAL.Component, name: string): JcalProperty | null {
  for (const prop of jcalProperties(component)) if (prop[0] === name) return prop;
  return null;
}

export function allProperties(component: ICAL.Component, name: string): JcalProperty[] {
  return jcalProperties(component).filter((prop) => prop[0] === name);
}

/** A parameter's value (the first one when it has several), or null. */
export function parameter(prop: JcalProperty, name: string): string | null {
  const value = prop[1][name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text : null;
}

/** The values of a property (everything after name, parameters and type). */
export function values(prop: JcalProperty): unknown[] {
  return prop.slice(3);
}

/** The first value of the first `name` property as text, trimmed; null when absent or empty. */
export function firstText(component: ICAL.Component, name: string): string | null {
  const prop = firstProperty(component, name);
  const value = prop ? prop[3] : null;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
