import { describe, expect, it } from 'vitest';
import { normaliseText } from './text.js';
import { venueOf } from './venue.js';

const venue = (location: string | null) => venueOf(location, normaliseText(location));

describe('venueOf', () => {
  it('reads a video tool named without a link as a video call', () => {
    expect(venue('Teams')).toBe('video');
    expect(venue('Réunion Microsoft Teams')).toBe('video');
    expect(venue('Zoom Webinar')).toBe('video');
    expect(venue('https://meet.google.com/p1-socal-lm')).toBe('video');
  });

  it('reads a phone call by its name in four languages or by its number', () => {
    expect(venue('Telefon')).toBe('phone');
    expect(venue('Téléphone')).toBe('phone');
    expect(venue('Teléfono')).toBe('phone');
    expect(venue('Telefon / TeamViewer')).toBe('phone');
    expect(venue('+41 44 741 22 10')).toBe('phone');
  });

  it('takes addresses, rooms and restaurants for places, and nothing for no location', () => {
    expect(venue('Restaurant Kronenhalle, Zürich')).toBe('place');
    expect(venue('Sala Atocha')).toBe('place');
    expect(venue('ZRH-3-Uetliberg (8)')).toBe('place');
    expect(venue('Steinstrasse 12, Zug')).toBe('place');
    expect(venue(null)).toBeNull();
    expect(venue('  ')).toBeNull();
  });
});
