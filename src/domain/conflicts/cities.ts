/**
 * Reading a city out of a location text with the gazetteer (rule 5 of places.ts): the text is
 * cut into parts, the parts read from the last, the longest run of words that names a city wins,
 * and among cities of one name the text's country or state, else population and home decide.
 */
import { placeKey, type Gazetteer, type GazetteerCity } from './gazetteer.js';
import type { Place } from './types.js';

const HOME_BONUS = 3;
const INSIDE_MIN_POPULATION = 500_000;
const PART_SEPARATORS = /[,;\n|()·•]|\s[-–—]\s/;

/**
 * Common words and first names that are also city names: a run of words inside a longer part
 * must not be one of them (a whole part still can: "Reading" alone is Reading).
 */
const NOT_A_CITY_INSIDE = new Set([
  'nice',
  'mobile',
  'reading',
  'bath',
  'split',
  'orange',
  'sale',
  'deal',
  'hope',
  'independence',
  'marathon',
  'eagle',
  'normal',
  'union',
  'liberty',
  'university',
  'victoria',
  'florence',
  'aurora',
  'austin',
  'jackson',
  'charlotte',
  'madison',
  'lincoln',
  'eugene',
  'tyler',
  'troy',
  'kent',
  'logan',
  'irving',
  'bryan',
  'regina',
  'san',
  'of',
]);

interface Part {
  /** Words as written (for capitals) and as keys, aligned, postcodes dropped. */
  written: string[];
  keys: string[];
  key: string;
}

function partsOf(text: string): Part[] {
  return text
    .split(PART_SEPARATORS)
    .map((raw) => {
      const written = raw.split(/[^\p{L}\p{N}'.]+/u).filter((w) => placeKey(w) !== '');
      const kept = written.filter((w) => !/\d/.test(w));
      const keys = kept.map(placeKey);
      return { written: kept, keys, key: keys.join(' ') };
    })
    .filter((part) => part.keys.length > 0);
}

export function partIndex(text: string, pattern: RegExp): number | null {
  const parts = text
    .split(PART_SEPARATORS)
    .filter((raw) => placeKey(raw.replace(/\d/g, '')) !== '');
  const index = parts.findIndex((raw) => pattern.test(raw));
  return index < 0 ? null : index;
}

export interface CityMatch {
  place: Place;
  /** Which part of the text named it (for rooms: same part or another). */
  part: number;
}

export function findCity(
  text: string,
  gazetteer: Gazetteer,
  homeCountries: ReadonlySet<string>,
): CityMatch | null {
  const parts = partsOf(text);
  const found = parts.map((part) => cityInPart(part, gazetteer, homeCountries));
  const isCountry = parts.map((part) => gazetteer.countryCode(part.key) !== null);
  // A part naming the region of a city named further left is that city's region ("London,
  // Ontario" is not Ontario, Oregon); a part naming a country is read as a city only when no
  // other part names one ("Monterrey, Mexico" is Monterrey; "Singapore" alone is Singapore).
  const isRegion = parts.map((part, p) =>
    found.some(
      (match, q) =>
        q < p &&
        match?.cities.some(
          (c) => placeKey(c.province) === part.key || c.state?.toLowerCase() === part.key,
        ),
    ),
  );
  for (const countries of [false, true]) {
    for (let p = parts.length - 1; p >= 0; p--) {
      const match = found[p];
      if (!match || isRegion[p] || isCountry[p] !== countries) continue;
      const hints = hintsOf(
        parts.filter((_, i) => i !== p),
        gazetteer,
      );
      return { place: chooseCity(match.name, match.cities, hints, homeCountries), part: p };
    }
  }
  return null;
}

/**
 * The longest run of words in the part that names a city. A run inside a longer part must be
 * capitalised, not a common word, and name a city in a home country or of 500,000 people or
 * more: "Hotel Adlon Berlin" is in Berlin, but "Café Einstein Unter den Linden" is not in
 * Linden, Guyana (an unknown place is better than a wrong one).
 */
function cityInPart(part: Part, gazetteer: Gazetteer, homeCountries: ReadonlySet<string>) {
  const words = part.keys.length;
  for (let length = Math.min(gazetteer.longestName, words); length >= 1; length--) {
    for (let at = words - length; at >= 0; at--) {
      const name = part.keys.slice(at, at + length).join(' ');
      let cities = gazetteer.citiesNamed(name);
      if (cities.length === 0) continue;
      if (length < words) {
        if (NOT_A_CITY_INSIDE.has(name) || !capitalised(part.written, at, length)) continue;
        cities = cities.filter(
          (c) => homeCountries.has(c.country) || c.population >= INSIDE_MIN_POPULATION,
        );
        if (cities.length === 0) continue;
      }
      return { name, cities };
    }
  }
  return null;
}

function capitalised(written: readonly string[], at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) {
    const first = written[i]?.[0] ?? '';
    if (first === first.toLowerCase()) return false;
  }
  return true;
}

interface Hints {
  countries: Set<string>;
  /** Two-letter parts (US states) and whole parts (provinces), as keys. */
  regions: Set<string>;
}

function hintsOf(parts: readonly Part[], gazetteer: Gazetteer): Hints {
  const hints: Hints = { countries: new Set(), regions: new Set() };
  for (const part of parts) {
    const country = gazetteer.countryCode(part.key);
    if (country) hints.countries.add(country);
    hints.regions.add(part.key);
    const last = part.keys.at(-1);
    if (last && last.length === 2) hints.regions.add(last);
  }
  return hints;
}

function chooseCity(
  name: string,
  candidates: readonly GazetteerCity[],
  hints: Hints,
  homeCountries: ReadonlySet<string>,
): Place {
  const named = candidates.filter(
    (c) =>
      hints.countries.has(c.country) ||
      (c.state !== null && hints.regions.has(c.state.toLowerCase())) ||
      (c.province !== '' && hints.regions.has(placeKey(c.province))),
  );
  const pool = named.length > 0 ? named : candidates;
  const score = (c: GazetteerCity) =>
    Math.log(Math.max(c.population, 1)) + (homeCountries.has(c.country) ? HOME_BONUS : 0);
  const best = [...pool].sort(
    (a, b) =>
      score(b) - score(a) ||
      b.population - a.population ||
      a.country.localeCompare(b.country) ||
      a.province.localeCompare(b.province),
  )[0] as GazetteerCity;
  const notes: string[] = [];
  if (candidates.length > 1) {
    const largest = candidates.reduce((a, b) => (b.population > a.population ? b : a));
    const why =
      named.length > 0 && named.length < candidates.length
        ? 'named in the location'
        : best !== largest && homeCountries.has(best.country)
          ? `in your country (${best.country}), though not the largest`
          : homeCountries.has(best.country)
            ? `the largest, and in your country (${best.country})`
            : 'the largest place of that name';
    const others = candidates.filter((c) => c !== best).slice(0, 3);
    notes.push(
      `"${best.name}" read as ${cityLabel(best)} (${why}); also ${others.map(cityLabel).join('; ')}`,
    );
  }
  return {
    label: cityLabel(best),
    source: 'city',
    lat: best.lat,
    lng: best.lng,
    country: best.country,
    office: null,
    precision: 'city',
    notes,
  };
}

function cityLabel(city: GazetteerCity): string {
  return city.state
    ? `${city.name}, ${city.state}, ${city.country}`
    : `${city.name}, ${city.country}`;
}
