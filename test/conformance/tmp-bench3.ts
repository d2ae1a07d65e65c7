import ICAL from 'ical.js';
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { buildLargeCalendar } from './large-calendar.js';
const built = buildLargeCalendar(50000);
for (let r = 0; r < 4; r++) {
  let t0 = performance.now(); ICAL.parse(built.text); const a = performance.now() - t0;
  t0 = performance.now(); const j = ICAL.parse(built.text); const root = new ICAL.Component(j as any); const evs = root.getAllSubcomponents('vevent'); const b = performance.now() - t0;
  t0 = performance.now(); parseCalendar(built.text); const c = performance.now() - t0;
  console.log('ICAL.parse', a.toFixed(0), '+components', b.toFixed(0), 'parseCalendar', c.toFixed(0), evs.length);
}
