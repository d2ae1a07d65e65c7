import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandSeriesDrafts, toInstance } from '../../src/domain/recurrence/expand-series.js';
import { buildLargeCalendar } from './large-calendar.js';
const built = buildLargeCalendar(50000);
const parsed = parseCalendar(built.text);
const window = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  const all: any[] = [];
  let drafts = 0;
  for (const s of parsed.series) { const one = expandSeriesDrafts(s, window, { floatingZone: 'Europe/Berlin' }); drafts += one.drafts.length; for (const d of one.drafts) all.push({ uid: s.uid, draft: d }); }
  const t1 = performance.now();
  all.sort((a, b) => a.draft.startMs - b.draft.startMs || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const t2 = performance.now();
  const inst = all.map((e) => toInstance(e.uid, e.draft));
  const t3 = performance.now();
  console.log('series', (t1 - t0).toFixed(0), 'sort', (t2 - t1).toFixed(0), 'map', (t3 - t2).toFixed(0), drafts, inst.length, 'heapMB', (process.memoryUsage().heapUsed / 1e6).toFixed(0));
}
