import { isoInstant } from '../../src/domain/recurrence/civil.js';
for (const ms of [0, 1, 999, -1, -86400000, 1735689600123, 253402300799999, -62135596800000, Date.UTC(2024,1,29,23,59,59,999)]) { const a = isoInstant(ms), b = new Date(ms).toISOString(); if (a !== b) console.log('DIFF', ms, a, b); }
let t0 = performance.now(); let x = 0; for (let i = 0; i < 300000; i++) x += isoInstant(1735689600000 + i * 61000).length; console.log('fast', (performance.now() - t0).toFixed(0));
t0 = performance.now(); for (let i = 0; i < 300000; i++) x += new Date(1735689600000 + i * 61000).toISOString().length; console.log('native', (performance.now() - t0).toFixed(0));
