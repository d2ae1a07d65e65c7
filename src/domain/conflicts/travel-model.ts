/**
 * How long it takes to get from one place to another: the port a routing service can implement
 * later, and the documented model used until then.
 *
 * The model, from the great-circle distance d between the two places (haversine, km):
 * - walking, when d <= maxWalkingKm (1.5 km): road distance (d x detourFactor 1.3) at 4.5 km/h.
 *   Within walking range people walk: no parking, no traffic.
 * - driving, when d <= maxDrivingKm (700 km): parkingMinutes (10) plus the road distance at
 *   townKmh (25 km/h) for the first townKm (15 km) and highwayKmh (90 km/h) beyond.
 * - flying, when d >= minFlyingKm (250 km): airportOverheadMinutes (150: to the airport,
 *   security, boarding, taxiing, out of the destination airport) plus d at flyingKmh (750 km/h).
 * Beyond walking range the faster of driving and flying is taken. Water, borders and timetables
 * are not modelled; the buffer the caller adds on top is not part of the estimate.
 */
import type { Place, TravelMode } from './types.js';

/** The model's numbers (documented above). */
export interface TravelSettings {
  /** Added to every trip: leaving one meeting, finding the next. */
  bufferMinutes: number;
  walkingKmh: number;
  maxWalkingKm: number;
  /** Average door-to-door speeds by car: in town (the first `townKm` of road), then beyond. */
  townKmh: number;
  townKm: number;
  highwayKmh: number;
  /** Parking and walking to the door. */
  parkingMinutes: number;
  maxDrivingKm: number;
  minFlyingKm: number;
  flyingKmh: number;
  /** Getting to the airport, security, boarding, taxiing, leaving the destination airport. */
  airportOverheadMinutes: number;
  /** Road distance over great-circle distance. */
  detourFactor: number;
  /** Two different addresses in one city whose exact places are not known. */
  sameCityMinutes: number;
  /**
   * An unknown place next to a known one is reported when the gap is shorter than this; with
   * more time, the trip is most likely possible and a report would be noise.
   */
  unknownPlaceGapMinutes: number;
}

export const DEFAULT_TRAVEL: TravelSettings = {
  bufferMinutes: 10,
  walkingKmh: 4.5,
  maxWalkingKm: 1.5,
  townKmh: 25,
  townKm: 15,
  highwayKmh: 90,
  parkingMinutes: 10,
  maxDrivingKm: 700,
  minFlyingKm: 250,
  flyingKmh: 750,
  airportOverheadMinutes: 150,
  detourFactor: 1.3,
  sameCityMinutes: 30,
  unknownPlaceGapMinutes: 60,
};

export interface TravelEstimate {
  mode: Exclude<TravelMode, 'none'>;
  distanceKm: number;
  /** Door to door, without the buffer. */
  minutes: number;
}

/** The port: a routing service answers from its own data (see travel.ts for how it is asked). */
export interface TravelTimeEstimator {
  estimate(from: Place, to: Place, departAt: number): TravelEstimate;
}

const EARTH_RADIUS_KM = 6371;

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function modelTravelEstimator(travel: TravelSettings): TravelTimeEstimator {
  return {
    estimate(from, to) {
      const km = haversineKm(from, to);
      const road = km * travel.detourFactor;
      const distanceKm = Math.round(km * 10) / 10;
      if (km <= travel.maxWalkingKm)
        return { mode: 'walking', distanceKm, minutes: Math.ceil((road / travel.walkingKmh) * 60) };
      const options: TravelEstimate[] = [];
      if (km <= travel.maxDrivingKm) {
        const town = Math.min(road, travel.townKm);
        const hours = town / travel.townKmh + (road - town) / travel.highwayKmh;
        options.push({
          mode: 'driving',
          distanceKm,
          minutes: Math.ceil(travel.parkingMinutes + hours * 60),
        });
      }
      if (km >= travel.minFlyingKm || options.length === 0) {
        options.push({
          mode: 'flying',
          distanceKm,
          minutes: Math.ceil(travel.airportOverheadMinutes + (km / travel.flyingKmh) * 60),
        });
      }
      return options.reduce((best, option) => (option.minutes < best.minutes ? option : best));
    },
  };
}
