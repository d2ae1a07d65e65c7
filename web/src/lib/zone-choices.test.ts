import { describe, expect, it } from 'vitest';
import { knownZones, matchZone } from './zone-choices';

describe('matchZone', () => {
  const zones = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'];

  it('finds the zone whatever the case, with spaces for underscores', () => {
    expect(matchZone('america/los angeles', zones)).toBe('America/Los_Angeles');
    expect(matchZone(' Asia/Tokyo ', zones)).toBe('Asia/Tokyo');
    expect(matchZone('utc', zones)).toBe('UTC');
  });

  it('finds nothing for a name it does not know, or none', () => {
    expect(matchZone('Mars/Olympus', zones)).toBeNull();
    expect(matchZone('  ', zones)).toBeNull();
  });
});

describe('knownZones', () => {
  it('lists UTC once, with the runtime’s zones', () => {
    const zones = knownZones();
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
    expect(zones).toContain('Asia/Tokyo');
  });
});
