/**
 * What conflict detection needs to know about the organisation: its domains, offices, working
 * hours and time zones, and the travel model's numbers. `conflictSettings` fills what is not
 * given from DEFAULT_CONFLICT_SETTINGS.
 */
import { OFFLINE_GAZETTEER, type Gazetteer } from './gazetteer.js';
import {
  DEFAULT_TRAVEL,
  modelTravelEstimator,
  type TravelSettings,
  type TravelTimeEstimator,
} from './travel-model.js';

export { DEFAULT_TRAVEL, type TravelSettings };

export interface Office {
  name: string;
  /** Where the office is, as text ("Friedrichstraße 43, Berlin") resolved by the gazetteer... */
  location: string | null;
  /** ...or exactly. Coordinates win over the text. */
  lat: number | null;
  lng: number | null;
  timeZone: string | null;
}

export interface WorkingHours {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  /** ISO weekdays worked: 1 = Monday ... 7 = Sunday. */
  days: readonly number[];
}

export interface ConflictSettings {
  /** The organisation's domains; empty: the owner's own domain (unless free mail). */
  internalDomains: readonly string[];
  offices: readonly Office[];
  workingHours: WorkingHours;
  /** A person's time zone (IANA), when known. */
  timeZoneOf(email: string): string | null;
  /** The zone of people whose zone is not known. */
  defaultTimeZone: string;
  travel: TravelSettings;
  /** Where places are looked up. */
  gazetteer: Gazetteer;
  /** Travel times between places: the documented model, or a routing service behind the port. */
  travelTimes: TravelTimeEstimator;
  /** How far ahead a reschedule looks for a free slot, and the grid slots start on. */
  slotSearchDays: number;
  slotStepMinutes: number;
  /** A meeting is shortened only if at least this much of it (and 15 minutes) is left. */
  minShortenedShare: number;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  start: 9 * 60,
  end: 17 * 60,
  days: [1, 2, 3, 4, 5],
};

export const DEFAULT_CONFLICT_SETTINGS: ConflictSettings = {
  internalDomains: [],
  offices: [],
  workingHours: DEFAULT_WORKING_HOURS,
  timeZoneOf: () => null,
  defaultTimeZone: 'UTC',
  travel: DEFAULT_TRAVEL,
  gazetteer: OFFLINE_GAZETTEER,
  travelTimes: modelTravelEstimator(DEFAULT_TRAVEL),
  slotSearchDays: 14,
  slotStepMinutes: 15,
  minShortenedShare: 0.5,
};

export interface ConflictSettingsInput extends Partial<Omit<ConflictSettings, 'travel'>> {
  travel?: Partial<TravelSettings>;
}

/** Settings with the defaults filled in; the travel model follows the travel numbers given. */
export function conflictSettings(input: ConflictSettingsInput = {}): ConflictSettings {
  const travel = { ...DEFAULT_TRAVEL, ...input.travel };
  return {
    ...DEFAULT_CONFLICT_SETTINGS,
    ...input,
    internalDomains: (input.internalDomains ?? []).map((d) => d.trim().toLowerCase()),
    travel,
    travelTimes: input.travelTimes ?? modelTravelEstimator(travel),
  };
}
