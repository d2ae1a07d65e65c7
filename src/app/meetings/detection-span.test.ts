import { describe, expect, it } from 'vitest';
import { detectionSpan } from './detection-span.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('detectionSpan', () => {
  const window = {
    from: new Date(NOW.getTime() - 90 * DAY),
    to: new Date(NOW.getTime() + 365 * DAY),
  };

  it('reaches back to the retention cutoff, up to the window’s end', () => {
    expect(detectionSpan(window, 365, NOW)).toEqual({
      from: new Date('2025-03-01T12:00:00.000Z'),
      to: window.to,
    });
  });

  it('never starts after the window does', () => {
    expect(detectionSpan(window, 30, NOW).from).toEqual(window.from);
  });
});
