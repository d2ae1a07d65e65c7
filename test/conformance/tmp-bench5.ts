import ICAL from 'ical.js';
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandCalendar } from '../../src/domain/recurrence/expand-calendar.js';
import { buildLargeCalendar } from './large-calendar.js';
const built = buildLargeCalendar(50000);
const gc = (globalThis as any).gc ?? (() => {});
const window = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
const best = { ical: Infinity, comp: Infinity, parse: Infinity, expand: Infinity };
for (let r = 0; r < 5; r++) {
  gc(); let t0 = performance.now(); ICAL.parse(built.text); best.ical = Math.min(best.ical, performance.now() - t0);
  gc(); t0 = performance.now(); new ICAL.Component(ICAL.parse(built.text) as any).getAllSubcomponents('vevent'); best.comp = Math.min(best.comp, performance.now() - t0);
  gc(); t0 = performance.now(); const p = parseCalendar(built.text); best.parse = Math.min(best.parse, performance.now() - t0);
  gc(); t0 = performance.now(); expandCalendar(p, window, { floatingZone: 'Europe/Berlin' }); best.expand = Math.min(best.expand, performance.now() - t0);
}
console.log(best, ((best.parse + best.expand) / best.ical).toFixed(2));
