import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandCalendar } from '../../src/domain/recurrence/expand-calendar.js';
import { buildLargeCalendar } from './large-calendar.js';
const built = buildLargeCalendar(50000);
const parsed = parseCalendar(built.text);
const window = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = expandCalendar(parsed, window, { floatingZone: 'Europe/Berlin' });
  console.log('expand', (performance.now() - t0).toFixed(0), r.instances.length);
}
