/**
 * What scheduling reads about an organisation beside its CRM: offices, working hours, people's
 * time zones and the travel model's numbers. One schema for the offline organisation file
 * (`calintel conflicts --org`) and the service's stored conflict policy.
 *
 * - `offices`: `[{ name, location: "Friedrichstraße 43, Berlin" | { lat, lng }, timeZone }]`,
 *   where rooms are and which city "the office" is;
 * - `workingHours`: `{ start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5] }` (ISO weekdays,
 *   1 = Monday; names such as "mon" also do), for reschedule slots;
 * - `timeZones`: `{ "ana@northwind.io": "Europe/Berlin" }`, each person's zone, and
 *   `defaultTimeZone` for everyone else (UTC when absent);
 * - `travel`: any of the travel model's numbers (`bufferMinutes`, `sameCityMinutes`,
 *   `airportOverheadMinutes`, ... see src/domain/conflicts/travel-model.ts).
 */
import { z } from 'zod';
import {
  conflictSettings,
  isValidZone,
  type ConflictSettings,
  type Office,
  type TravelSettings,
  type WorkingHours,
} from '../../domain/conflicts/index.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The scheduling fields, each optional, to spread into an object schema. */
export function schedulingFields() {
  const zone = z.string().refine(isValidZone, { message: 'must be an IANA time zone' });
  const clock = z
    .string()
    .regex(/^([01]?\d|2[0-4]):[0-5]\d$/, { message: 'must be a time HH:MM' })
    .transform((v) => {
      const [hours, minutes] = v.split(':').map(Number);
      return (hours ?? 0) * 60 + (minutes ?? 0);
    });
  const weekday = z.union([
    z.number().int().min(1).max(7),
    z
      .string()
      .transform((v) => WEEKDAYS.indexOf(v.trim().slice(0, 3).toLowerCase()) + 1)
      .refine((v) => v > 0, { message: 'must be a weekday (1-7 or mon-sun)' }),
  ]);
  const minutes = z.number().nonnegative();
  return {
    offices: z
      .array(
        z.object({
          name: z.string().min(1),
          location: z
            .union([
              z.string(),
              z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
            ])
            .nullish(),
          timeZone: zone.nullish(),
        }),
      )
      .nullish(),
    workingHours: z
      .object({ start: clock, end: clock, days: z.array(weekday).nullish() })
      .refine((h) => h.end > h.start, { message: 'end must be after start' })
      .nullish(),
    timeZones: z.record(z.string(), zone).nullish(),
    defaultTimeZone: zone.nullish(),
    travel: z
      .object({
        bufferMinutes: minutes,
        walkingKmh: z.number().positive(),
        maxWalkingKm: minutes,
        townKmh: z.number().positive(),
        townKm: minutes,
        highwayKmh: z.number().positive(),
        parkingMinutes: minutes,
        maxDrivingKm: minutes,
        minFlyingKm: minutes,
        flyingKmh: z.number().positive(),
        airportOverheadMinutes: minutes,
        detourFactor: z.number().min(1),
        sameCityMinutes: minutes,
        unknownPlaceGapMinutes: minutes,
      })
      .partial()
      .nullish(),
  };
}

export const schedulingSchema = z.object(schedulingFields());
export type SchedulingInput = z.infer<typeof schedulingSchema>;

/** What scheduling (conflicts) reads from the organisation beside the CRM. */
export interface OrganisationScheduling {
  offices: Office[];
  workingHours: WorkingHours | null;
  /** Lower-cased email -> IANA zone. */
  timeZones: Map<string, string>;
  defaultTimeZone: string | null;
  travel: Partial<TravelSettings>;
}

export const NO_SCHEDULING: OrganisationScheduling = {
  offices: [],
  workingHours: null,
  timeZones: new Map(),
  defaultTimeZone: null,
  travel: {},
};

export function schedulingOf(input: SchedulingInput): OrganisationScheduling {
  return {
    offices: (input.offices ?? []).map((office) => {
      const location = office.location ?? null;
      const exact = location !== null && typeof location === 'object' ? location : null;
      return {
        name: office.name,
        location: typeof location === 'string' ? location : null,
        lat: exact?.lat ?? null,
        lng: exact?.lng ?? null,
        timeZone: office.timeZone ?? null,
      };
    }),
    workingHours: input.workingHours
      ? {
          start: input.workingHours.start,
          end: input.workingHours.end,
          days: input.workingHours.days ?? [1, 2, 3, 4, 5],
        }
      : null,
    timeZones: new Map(
      Object.entries(input.timeZones ?? {}).map(([email, zone]) => [
        email.trim().toLowerCase(),
        zone,
      ]),
    ),
    defaultTimeZone: input.defaultTimeZone ?? null,
    travel: input.travel ?? {},
  };
}

/** Conflict settings from scheduling facts (defaults for what they leave out). */
export function settingsFromScheduling(
  scheduling: OrganisationScheduling,
  internalDomains: readonly string[],
): ConflictSettings {
  return conflictSettings({
    internalDomains,
    offices: scheduling.offices,
    ...(scheduling.workingHours ? { workingHours: scheduling.workingHours } : {}),
    timeZoneOf: (email) => scheduling.timeZones.get(email.trim().toLowerCase()) ?? null,
    defaultTimeZone: scheduling.defaultTimeZone ?? 'UTC',
    travel: scheduling.travel,
  });
}
